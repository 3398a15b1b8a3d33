//! The cache directory on disk: locating it, reading a region's file (parsed once per version of
//! the file), and replacing it atomically.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use super::file::CacheFile;
use super::region::RegionName;
use crate::catalog::Catalog;

/// The directory name, shared with the original server so both read the same files.
pub const DIR_NAME: &str = "aws-chaos-engineering";

/// Cache files larger than this are not ours: the full FIS catalog is about 100 KiB. Reads and
/// writes share the limit, so nothing is written that the next read would refuse.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot find a cache directory: set XDG_CACHE_HOME or HOME (USERPROFILE on Windows)")]
    NoHome,
    #[error("cannot {what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("cannot encode the cache file: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("{} is not a regular file; it was left in place and not read", path.display())]
    NotRegular { path: PathBuf },
    #[error(
        "the cache file for {region} would be {bytes} bytes, more than the {} MiB a cache file \
         may hold; {} was not changed",
        MAX_FILE_BYTES >> 20,
        path.display()
    )]
    TooLarge {
        region: String,
        path: PathBuf,
        bytes: usize,
    },
}

/// One region's file as last read: its contents and the catalog built from them.
#[derive(Debug)]
pub struct Loaded {
    pub file: CacheFile,
    pub catalog: Catalog,
    /// The file's modification time, used when `last_updated` is missing or unreadable.
    pub modified: Option<SystemTime>,
}

/// What reading a region's file found.
#[derive(Debug)]
pub enum Read {
    Missing,
    Loaded(Arc<Loaded>),
    /// The file was not a cache file; it has been removed. The text says what was wrong.
    Corrupt(String),
}

#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// The identity of one version of a file: replaced files get a new inode or mtime.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }
}

/// Parsed files by path, so a tool call costs one `stat` when nothing changed.
type Memo = Mutex<HashMap<PathBuf, (Stamp, Arc<Loaded>)>>;

fn memo() -> &'static Memo {
    static MEMO: OnceLock<Memo> = OnceLock::new();
    MEMO.get_or_init(Mutex::default)
}

impl Store {
    /// `$XDG_CACHE_HOME/aws-chaos-engineering`, else `~/.cache/aws-chaos-engineering`; on
    /// Windows `%USERPROFILE%\.aws-chaos-engineering`.
    pub fn locate() -> Result<Store, StoreError> {
        let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        let dir = if cfg!(windows) {
            non_empty("USERPROFILE").map(|home| PathBuf::from(home).join(format!(".{DIR_NAME}")))
        } else {
            non_empty("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| non_empty("HOME").map(|home| PathBuf::from(home).join(".cache")))
                .map(|base| base.join(DIR_NAME))
        };
        dir.map(Store::at).ok_or(StoreError::NoHome)
    }

    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, region: &RegionName) -> PathBuf {
        self.dir.join(format!("fis_actions_{region}.json"))
    }

    /// Reads a region's file, reusing the parsed result while the file is unchanged. Only a
    /// regular file (or a link to one) is opened, and at most one byte past the limit is read,
    /// so a FIFO or a link to a device cannot stall or exhaust the reader. A file that is not a
    /// cache file is removed (unless it was replaced meanwhile) and reported.
    pub fn read(&self, region: &RegionName) -> Result<Read, StoreError> {
        let path = self.path(region);
        // `stat` never opens the file, so it cannot block on a FIFO.
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Read::Missing),
            Err(source) => return Err(io_error("read", &path, source)),
        };
        if !meta.is_file() {
            return Err(StoreError::NotRegular { path });
        }
        if let Some((seen, loaded)) = lock(memo()).get(&path)
            && *seen == Stamp::of(&meta)
        {
            return Ok(Read::Loaded(Arc::clone(loaded)));
        }
        let (bytes, stamp) = match read_regular(&path) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Read::Missing),
            Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
                return Err(StoreError::NotRegular { path });
            }
            Err(source) => return Err(io_error("read", &path, source)),
        };
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Ok(self.discard(&path, &stamp, "it is larger than 16 MiB".into()));
        }
        let file: CacheFile = match serde_json::from_slice(&bytes) {
            Ok(file) => file,
            Err(e) => return Ok(self.discard(&path, &stamp, e.to_string())),
        };
        let catalog = file.catalog(region.as_str());
        let loaded = Arc::new(Loaded {
            file,
            catalog,
            modified: stamp.modified,
        });
        lock(memo()).insert(path, (stamp, Arc::clone(&loaded)));
        Ok(Read::Loaded(loaded))
    }

    fn discard(&self, path: &Path, stamp: &Stamp, why: String) -> Read {
        // Remove only the version that was read: a writer may have renamed a good file in since.
        // `remove_file` unlinks a symbolic link itself, never what it points to.
        let unchanged = fs::metadata(path).is_ok_and(|meta| Stamp::of(&meta) == *stamp);
        let removed = unchanged && fs::remove_file(path).is_ok();
        lock(memo()).remove(path);
        let what = if removed { "removed" } else { "left in place" };
        Read::Corrupt(format!(
            "{} was not a valid cache file ({why}); {what}",
            path.display()
        ))
    }

    /// Replaces a region's file: written to a unique temporary file in the same directory
    /// (mode 0600), flushed, then renamed over the old one, so readers and concurrent writers
    /// only ever see a whole file.
    pub fn write(&self, region: &RegionName, file: &CacheFile) -> Result<PathBuf, StoreError> {
        let path = self.path(region);
        let mut text = serde_json::to_vec_pretty(file)?;
        text.push(b'\n');
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(StoreError::TooLarge {
                region: region.to_string(),
                path,
                bytes: text.len(),
            });
        }
        self.create_dir()?;
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".fis_actions_{region}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| io_error("create a temporary file in", &self.dir, e))?;
        temp.write_all(&text)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| io_error("write", temp.path(), e))?;
        temp.persist(&path)
            .map_err(|e| io_error("replace", &path, e.error))?;
        Ok(path)
    }

    fn create_dir(&self) -> Result<(), StoreError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(&self.dir)
            .map_err(|e| io_error("create", &self.dir, e))?;
        self.tighten_dir()
    }

    /// Takes group and other access away from the cache directory when it already existed with
    /// a looser mode: anyone who can write there can swap the catalog fislint trusts. A link
    /// is left alone (changing its mode would change its target's).
    pub fn tighten_dir(&self) -> Result<(), StoreError> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = match fs::symlink_metadata(&self.dir) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(io_error("inspect", &self.dir, e)),
            };
            if meta.is_dir() && meta.permissions().mode() & 0o077 != 0 {
                fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))
                    .map_err(|e| io_error("restrict the permissions of", &self.dir, e))?;
            }
        }
        Ok(())
    }
}

/// A regular file's bytes, at most one past the limit, and the identity of the version read.
/// It is opened without blocking and checked through the open handle, so a FIFO or device
/// swapped in after the `stat` is refused (`InvalidInput`) rather than read.
fn read_regular(path: &Path) -> io::Result<(Vec<u8>, Stamp)> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    let expected = meta.len().min(MAX_FILE_BYTES + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes, Stamp::of(&meta)))
}

fn io_error(what: &'static str, path: &Path, source: io::Error) -> StoreError {
    StoreError::Io {
        what,
        path: path.to_owned(),
        source,
    }
}

/// The memo holds no invariant a panicking holder could break, so a poisoned lock is usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::file::CachedAction;

    fn sample(id: &str) -> CacheFile {
        CacheFile::new(
            "test-region",
            "2026-11-20T00:00:00+00:00".into(),
            vec![CachedAction {
                id: id.into(),
                description: None,
                parameters: None,
                targets: None,
            }],
            Vec::new(),
        )
    }

    #[test]
    fn writes_are_private_and_reads_see_the_latest_version() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path().join("cache"));
        let region = RegionName::parse("test-region").unwrap();
        assert!(matches!(store.read(&region).unwrap(), Read::Missing));
        let path = store.write(&region, &sample("a")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(store.dir()), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
        let Read::Loaded(first) = store.read(&region).unwrap() else {
            panic!("not loaded")
        };
        assert_eq!(first.file.fis_actions[0].id, "a");
        store.write(&region, &sample("b")).unwrap();
        let Read::Loaded(second) = store.read(&region).unwrap() else {
            panic!("not loaded")
        };
        assert_eq!(second.file.fis_actions[0].id, "b");
        let leftovers = fs::read_dir(store.dir()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary files were left behind");
    }

    #[test]
    fn a_corrupt_file_is_reported_and_removed() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let region = RegionName::parse("us-east-1").unwrap();
        fs::write(store.path(&region), "[]").unwrap();
        let Read::Corrupt(why) = store.read(&region).unwrap() else {
            panic!("a JSON array was accepted as a cache file")
        };
        assert!(why.contains("removed"), "{why}");
        assert!(!store.path(&region).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_link_to_a_device_is_refused_without_reading_and_left_in_place() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let region = RegionName::parse("us-east-1").unwrap();
        let path = store.path(&region);
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let error = store.read(&region).unwrap_err();
        assert!(matches!(error, StoreError::NotRegular { .. }), "{error}");
        assert!(
            error.to_string().contains(&*path.to_string_lossy()),
            "{error}"
        );
        assert!(fs::symlink_metadata(&path).is_ok(), "the link was removed");
        fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        // Opening a FIFO for reading would block here until a writer came.
        assert!(matches!(
            store.read(&region),
            Err(StoreError::NotRegular { .. })
        ));
        // A refresh replaces the entry (never writing into the FIFO) and reads work again.
        store.write(&region, &sample("a")).unwrap();
        assert!(matches!(store.read(&region).unwrap(), Read::Loaded(_)));
    }

    #[test]
    fn reads_stop_one_byte_past_the_limit_and_writes_refuse_what_reads_would() {
        let temp = tempfile::tempdir().unwrap();
        let store = Store::at(temp.path());
        let region = RegionName::parse("us-east-1").unwrap();
        store.write(&region, &sample("good")).unwrap();
        let huge = "x".repeat(usize::try_from(MAX_FILE_BYTES).unwrap());
        let error = store.write(&region, &sample(&huge)).unwrap_err();
        assert!(matches!(error, StoreError::TooLarge { .. }), "{error}");
        assert!(error.to_string().contains("was not changed"), "{error}");
        let Read::Loaded(kept) = store.read(&region).unwrap() else {
            panic!("the good file did not survive a refused write")
        };
        assert_eq!(kept.file.fis_actions[0].id, "good");

        let sparse = fs::File::create(store.path(&region)).unwrap();
        sparse.set_len(MAX_FILE_BYTES + 1).unwrap();
        let Read::Corrupt(why) = store.read(&region).unwrap() else {
            panic!("an over-limit file was accepted")
        };
        assert!(why.contains("larger than 16 MiB"), "{why}");
    }

    #[cfg(unix)]
    #[test]
    fn a_loose_cache_directory_is_made_private_when_written() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("cache");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        let store = Store::at(&dir);
        store
            .write(&RegionName::parse("us-east-1").unwrap(), &sample("a"))
            .unwrap();
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
    }
}

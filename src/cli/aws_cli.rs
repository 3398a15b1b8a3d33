//! Runs the AWS CLI for `fislint catalog refresh`: `aws fis list-actions`, `get-action` for each
//! action, and the same for resource types, and turns its failures into one clear line.

use std::io::ErrorKind;
use std::process::Command;

use serde_json::Value;

/// At most this many `get-*` calls run at once: enough to hide latency, few enough not to be
/// throttled.
const PARALLEL_CALLS: usize = 4;

pub struct Aws<'a> {
    pub region: &'a str,
    pub profile: Option<&'a str>,
}

impl Aws<'_> {
    /// Runs `aws fis <args> --region R --output json` and parses what it prints.
    pub fn fis(&self, args: &[&str]) -> Result<Value, String> {
        let mut command = Command::new("aws");
        command
            .arg("fis")
            .args(args)
            .args(["--region", self.region, "--output", "json"]);
        if let Some(profile) = self.profile {
            command.args(["--profile", profile]);
        }
        let shown = format!("aws fis {}", args.join(" "));
        let output = command.output().map_err(|e| match e.kind() {
            ErrorKind::NotFound => "the AWS CLI (`aws`) is not installed or not on PATH; install \
                 it, or save the outputs of `aws fis list-actions` and friends elsewhere and use \
                 `fislint catalog import`"
                .to_owned(),
            _ => format!("cannot run `{shown}`: {e}"),
        })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(explain_failure(&shown, &stderr));
        }
        serde_json::from_slice(&output.stdout).map_err(|e| {
            format!("`{shown}` printed output that is not JSON ({e}); the cache was not changed")
        })
    }

    /// Runs one `get-*` call per id, a few at a time, calling `done` after each.
    pub fn fis_each(
        &self,
        command: &str,
        flag: &str,
        ids: &[String],
        done: &(dyn Fn() + Sync),
    ) -> Result<Vec<Value>, String> {
        let mut results = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(PARALLEL_CALLS) {
            let outputs: Vec<Result<Value, String>> = std::thread::scope(|scope| {
                let handles: Vec<_> = chunk
                    .iter()
                    .map(|id| {
                        scope.spawn(move || {
                            let result = self.fis(&[command, flag, id]);
                            done();
                            result
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(format!("`aws fis {command}` crashed")))
                    })
                    .collect()
            });
            for output in outputs {
                results.push(output?);
            }
        }
        Ok(results)
    }
}

/// One line for the failures people meet: no credentials, throttling, anything else.
fn explain_failure(shown: &str, stderr: &str) -> String {
    let lower = stderr.to_ascii_lowercase();
    let last_line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no error output")
        .trim();
    if lower.contains("unable to locate credentials")
        || lower.contains("nocredentialproviders")
        || lower.contains("the sso session")
        || lower.contains("token has expired")
        || lower.contains("expiredtoken")
    {
        format!(
            "no usable AWS credentials for `{shown}` (configure them with `aws configure` or \
             `aws sso login`, or set AWS_PROFILE); the cache was not changed"
        )
    } else if lower.contains("throttl") || lower.contains("rate exceeded") {
        format!(
            "`{shown}` was throttled by AWS ({last_line}); wait a minute and run the refresh \
             again; the cache was not changed"
        )
    } else {
        format!("`{shown}` failed: {last_line}; the cache was not changed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_become_one_line_naming_the_cause() {
        let creds = explain_failure(
            "aws fis list-actions",
            "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
        );
        assert!(creds.contains("no usable AWS credentials"), "{creds}");
        let throttled = explain_failure(
            "aws fis get-action",
            "An error occurred (ThrottlingException) when calling the GetAction operation: Rate exceeded",
        );
        assert!(throttled.contains("throttled"), "{throttled}");
        assert!(!throttled.contains('\n'));
        let other = explain_failure("aws fis list-actions", "boom\n\n");
        assert!(
            other.ends_with("failed: boom; the cache was not changed"),
            "{other}"
        );
    }
}

//! Which findings a region's cache decided: those the built-in catalog would not make.

use std::collections::HashSet;

use crate::catalog::{Catalog, Origin};
use crate::diagnostic::Diagnostic;

/// Whether findings made with this catalog need comparing with the built-in catalog's.
pub fn is_cache(catalog: &Catalog) -> bool {
    matches!(catalog.origin(), Origin::Cache { .. })
}

/// Adds to the help of each finding the built-in catalog does not make (same code, same
/// pointer) that it rests on the region's cache, so a user can tell a fact of their region
/// from a gap or an error in the cache.
pub fn mark(diagnostics: &mut [Diagnostic], builtin: &[Diagnostic], catalog: &Catalog) {
    let Origin::Cache { region } = catalog.origin() else {
        return;
    };
    let made_anyway: HashSet<(&str, &str)> = builtin
        .iter()
        .map(|d| (d.code, d.pointer.as_str()))
        .collect();
    let note = format!(
        "this finding rests on the FIS capabilities cached for {region} (as of {}); fislint's \
         built-in catalog does not report it",
        catalog.as_of()
    );
    for diagnostic in diagnostics {
        if made_anyway.contains(&(diagnostic.code, diagnostic.pointer.as_str())) {
            continue;
        }
        diagnostic.help = Some(match diagnostic.help.take() {
            Some(help) => {
                let stop = if help.ends_with(['.', '?', '!']) {
                    ""
                } else {
                    ";"
                };
                format!("{help}{stop} {note}")
            }
            None => note.clone(),
        });
    }
}

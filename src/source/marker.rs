//! The byte scan before parsing: whether a file may hold an experiment template at all, and
//! whether one that does not parse looks enough like one for its syntax error to be reported.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// What finding a marker in a file says about it.
#[derive(Clone, Copy)]
enum Weight {
    /// The file may hold a template, so it is parsed; a parse failure alone is not reported.
    Hint,
    /// The file names a template's field, so a parse failure is worth reporting.
    Names,
    /// As `Names`, but only when these bytes follow the marker.
    NamesWhenFollowedBy(&'static [u8]),
}

/// The markers of a template, few and with uncommon bytes, so the scan stays as fast as a plain
/// search: a misspelt resource `Type` (FIS020 says "did you mean") still passes it when it keeps
/// the `AWS::FIS::` prefix or the `xperimentTemplat` stem. Terraform names its resource type. A
/// new template form adds its literals here.
const MARKERS: [(&str, Weight); 6] = [
    ("actionId", Weight::Names),
    ("ActionId", Weight::Names),
    ("resourceType", Weight::Hint),
    (
        "AWS::FIS::",
        Weight::NamesWhenFollowedBy(b"ExperimentTemplate"),
    ),
    ("xperimentTemplat", Weight::Hint),
    ("aws_fis_experiment_template", Weight::Names),
];

fn automaton() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        // Fixed ASCII literals always build; this is not input-dependent.
        AhoCorasick::new(MARKERS.map(|(marker, _)| marker))
            .unwrap_or_else(|e| panic!("marker automaton: {e}"))
    })
}

/// Whether a file mentions FIS template syntax at all: a cheap test before parsing, so unrelated
/// JSON and YAML files cost one scan.
pub fn might_hold_template(bytes: &[u8]) -> bool {
    automaton().is_match(bytes)
}

/// Whether an unparsable file looks like a FIS template (it names `AWS::FIS::ExperimentTemplate`,
/// `aws_fis_experiment_template`, `actionId` or `ActionId`), so its syntax error is worth
/// reporting.
pub fn syntax_error_worth_reporting(bytes: &[u8]) -> bool {
    automaton().find_iter(bytes).any(|found| {
        let Some(&(_, weight)) = MARKERS.get(found.pattern().as_usize()) else {
            return false;
        };
        match weight {
            Weight::Hint => false,
            Weight::Names => true,
            Weight::NamesWhenFollowedBy(suffix) => bytes
                .get(found.end()..)
                .is_some_and(|rest| rest.starts_with(suffix)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_distinguish_syntax_relevance() {
        assert!(might_hold_template(b"{\"resourceType\": 1}"));
        assert!(!syntax_error_worth_reporting(b"{\"resourceType\": 1}"));
        assert!(syntax_error_worth_reporting(
            b"Type: AWS::FIS::ExperimentTemplate"
        ));
        assert!(!might_hold_template(b"apiVersion: v1\nkind: Pod"));
        let terraform = b"resource \"aws_fis_experiment_template\" \"x\" {";
        assert!(might_hold_template(terraform));
        assert!(syntax_error_worth_reporting(terraform));
    }

    #[test]
    fn misspelt_resource_types_pass_the_scan_but_do_not_name_a_template() {
        for typo in [
            "Type: AWS::FIS::ExperimentTempalte",
            "Type: AWS::FIS::experimenttemplate",
            "Type: AWS:FIS::ExperimentTemplate",
            "Type: Aws::Fis::ExperimentTemplate",
        ] {
            assert!(might_hold_template(typo.as_bytes()), "{typo}");
            // A file that does not parse must name the real type to be reported.
            assert!(!syntax_error_worth_reporting(typo.as_bytes()), "{typo}");
        }
        assert!(syntax_error_worth_reporting(
            b"{\"Type\": \"AWS::FIS::ExperimentTemplate\"}"
        ));
        assert!(!syntax_error_worth_reporting(
            b"{\"Type\": \"AWS::FIS::TargetAccountConfiguration\"}"
        ));
    }
}

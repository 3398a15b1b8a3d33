//! The embedded catalog is generated from `facts/` by `scripts/gen_catalog.py`; these tests fail
//! when a fact changed and the generated files were not regenerated.

use std::collections::BTreeSet;

use fislint::catalog::{Catalog, Trigger};
use serde_json::Value;

fn facts(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("facts")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_snapshot_holds_exactly_the_actions_of_the_facts() {
    let actions = facts("fis-actions.json");
    let ids: BTreeSet<_> = actions["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let embedded: BTreeSet<_> = Catalog::builtin().action_ids().map(str::to_owned).collect();
    assert_eq!(ids, embedded, "run python3 scripts/gen_catalog.py");
}

#[test]
fn embedded_permissions_match_the_facts() {
    let facts = facts("fis-action-permissions.json");
    let embedded = Catalog::builtin().permissions();
    let listed = facts["actions"].as_object().unwrap();
    assert_eq!(listed.len(), embedded.actions.len());
    for (id, fact) in listed {
        let ours = embedded
            .action(id)
            .unwrap_or_else(|| panic!("{id}: missing from permissions.json"));
        let wanted = names(&fact["permissions"]);
        let have: BTreeSet<_> = ours.permissions.iter().map(|p| p.action.clone()).collect();
        assert_eq!(have, wanted, "{id}: run python3 scripts/gen_catalog.py");
        let wanted_conditional: BTreeSet<_> = fact["conditional"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| names(&c["permissions"]))
            .collect();
        let have_conditional: BTreeSet<_> = ours
            .conditional
            .iter()
            .flat_map(|c| c.permissions.iter().map(|p| p.action.clone()))
            .collect();
        assert_eq!(have_conditional, wanted_conditional, "{id}");
        assert_eq!(
            serde_json::to_value(ours.confidence).unwrap(),
            fact["confidence"],
            "{id}"
        );
    }
    for key in ["cloudWatchLogs", "s3", "experimentReport"] {
        let ours = match key {
            "cloudWatchLogs" => &embedded.logging.cloud_watch_logs,
            "s3" => &embedded.logging.s3,
            _ => &embedded.logging.experiment_report,
        };
        let have: BTreeSet<_> = ours.permissions.iter().cloned().collect();
        assert_eq!(have, names(&facts["logging"][key]["permissions"]), "{key}");
    }
}

#[test]
fn embedded_managed_policies_match_the_facts() {
    let facts = facts("fis-managed-policies.json");
    let embedded = Catalog::builtin().permissions();
    let listed = facts["policies"].as_object().unwrap();
    assert_eq!(listed.len(), embedded.managed_policies.len());
    for (name, fact) in listed {
        let ours = embedded.managed_policy(name).unwrap();
        assert_eq!(ours.arn, fact["arn"].as_str().unwrap());
        let have: BTreeSet<_> = ours.allowed_actions().map(str::to_owned).collect();
        assert_eq!(have, names(&fact["allActions"]), "{name}");
    }
}

#[test]
fn every_conditional_permission_has_a_trigger_the_template_can_show_or_says_it_cannot() {
    for (id, action) in &Catalog::builtin().permissions().actions {
        for case in &action.conditional {
            let named = match &case.trigger {
                Trigger::Parameter { name }
                | Trigger::ParameterEndsWith { name, .. }
                | Trigger::ParameterContains { name, .. } => Some(name),
                Trigger::Always | Trigger::Unknowable => None,
            };
            if let Some(name) = named {
                let spec = Catalog::builtin().action(id).unwrap();
                assert!(
                    spec.parameters.as_ref().unwrap().contains_key(name),
                    "{id}: trigger names unknown parameter {name}"
                );
            }
        }
    }
}

#[test]
fn every_ssm_document_of_the_facts_is_reachable_through_the_catalog() {
    let facts = facts("fis-ssm-documents.json");
    let listed = facts["documents"].as_object().unwrap();
    let catalog = Catalog::builtin();
    assert_eq!(listed.len(), catalog.ssm_documents().len());
    for (name, fact) in listed {
        let document = catalog
            .ssm_document(name)
            .unwrap_or_else(|| panic!("{name}: not reachable through Catalog::ssm_document"));
        for parameter in fact["parameters"].as_array().unwrap() {
            let pname = parameter["name"].as_str().unwrap();
            let ours = document
                .parameter(pname)
                .unwrap_or_else(|| panic!("{name}: parameter {pname} missing"));
            assert_eq!(
                ours.required,
                parameter["required"].as_bool(),
                "{name}.{pname}"
            );
            assert_eq!(
                ours.default.as_deref(),
                parameter["default"].as_str(),
                "{name}.{pname}"
            );
        }
    }
}

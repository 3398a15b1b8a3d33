//! Whether a role's trust policy (`AssumeRolePolicyDocument`) lets a service assume the role.

use super::pattern::action_matches;
use crate::source::Node;

/// `Some(true)` when an `Allow` statement lets `service` call `sts:AssumeRole`, `Some(false)` when
/// the literal document certainly does not, `None` when deploy-time values or `Deny` statements
/// leave it open.
pub fn trusts_service(document: &Node, service: &str) -> Option<bool> {
    if document.intrinsic().is_some() || document.as_object().is_none() {
        return None;
    }
    let Some(statements) = document.get("Statement") else {
        return Some(false);
    };
    let statements = match statements.as_array() {
        Some(items) => items,
        None if statements.intrinsic().is_some() => return None,
        None => std::slice::from_ref(statements),
    };
    let mut open = false;
    for statement in statements {
        match statement_trusts(statement, service) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => open = true,
        }
    }
    if open { None } else { Some(false) }
}

fn statement_trusts(statement: &Node, service: &str) -> Option<bool> {
    if statement.intrinsic().is_some() || statement.as_object().is_none() {
        return None;
    }
    match statement.get("Effect")?.as_str()? {
        "Allow" => {}
        _ => return None,
    }
    if statement.get("NotAction").is_some() || statement.get("NotPrincipal").is_some() {
        return None;
    }
    let assumes = one_or_many(statement.get("Action")?)?
        .iter()
        .map(|action| action.as_str().map(|a| action_matches(a, "sts:AssumeRole")))
        .collect::<Option<Vec<bool>>>()?
        .contains(&true);
    let principal = statement.get("Principal")?;
    if principal.as_str() == Some("*") {
        return Some(assumes);
    }
    if principal.intrinsic().is_some() || principal.as_object().is_none() {
        return None;
    }
    if principal
        .get("AWS")
        .is_some_and(|aws| aws.as_str() == Some("*"))
    {
        return Some(assumes);
    }
    let Some(services) = principal.get("Service") else {
        return Some(false);
    };
    let mut named = false;
    for item in one_or_many(services)? {
        let text = item.as_str()?;
        if text.contains("${") {
            return None;
        }
        named |= text.eq_ignore_ascii_case(service);
    }
    Some(named && assumes)
}

/// A value IAM takes as one item or a list; `None` when an intrinsic stands in for it.
fn one_or_many(node: &Node) -> Option<&[Node]> {
    if node.intrinsic().is_some() {
        return None;
    }
    Some(match node.as_array() {
        Some(items) => items,
        None => std::slice::from_ref(node),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};

    const FIS: &str = "fis.amazonaws.com";

    fn trusts(yaml: &str) -> Option<bool> {
        trusts_service(&parse(yaml, Syntax::Yaml).unwrap(), FIS)
    }

    #[test]
    fn fis_in_a_service_string_or_list_is_trusted() {
        for document in [
            "Statement: [{Effect: Allow, Principal: {Service: fis.amazonaws.com}, Action: sts:AssumeRole}]",
            "Statement: {Effect: Allow, Principal: {Service: [ec2.amazonaws.com, fis.amazonaws.com]}, Action: ['sts:*']}",
            "Statement: [{Effect: Allow, Principal: {Service: fis.amazonaws.com}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:SourceAccount: '1'}}}]",
            "Statement: [{Effect: Allow, Principal: '*', Action: sts:AssumeRole}]",
        ] {
            assert_eq!(trusts(document), Some(true), "{document}");
        }
    }

    #[test]
    fn other_principals_or_actions_are_not_trust() {
        for document in [
            "Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]",
            "Statement: [{Effect: Allow, Principal: {Service: fis.amazonaws.com}, Action: sts:TagSession}]",
            "Statement: [{Effect: Allow, Principal: {AWS: arn:aws:iam::123456789012:root}, Action: sts:AssumeRole}]",
            "Version: '2012-10-17'",
        ] {
            assert_eq!(trusts(document), Some(false), "{document}");
        }
    }

    #[test]
    fn deploy_time_values_leave_it_open() {
        for document in [
            "!If [C, {}, {}]",
            "Statement: !Ref S",
            "Statement: [{Effect: Allow, Principal: {Service: !Sub 'fis.${AWS::URLSuffix}'}, Action: sts:AssumeRole}]",
            "Statement: [{Effect: Allow, Principal: {Service: 'fis.${AWS::URLSuffix}'}, Action: sts:AssumeRole}]",
            "Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: !Ref A}]",
            "Statement: [{Effect: Deny, Principal: {Service: fis.amazonaws.com}, Action: sts:AssumeRole}]",
        ] {
            assert_eq!(trusts(document), None, "{document}");
        }
    }
}

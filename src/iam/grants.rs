//! What a CloudFormation role is granted, read from the template that defines it (inline policies,
//! FIS managed policies, policy resources attached to it), or why that cannot be known exactly.

use std::collections::{BTreeSet, HashSet};

use super::pattern::action_matches;
use crate::catalog::Catalog;
use crate::source::{Member, Node, Span};

pub const ROLE_TYPE: &str = "AWS::IAM::Role";

/// CloudFormation's quota on resources per template: past it nothing deploys, so a file that large
/// is not read for grants, which keeps each experiment's look at the template bounded.
const MAX_RESOURCES: usize = 500;
/// IAM caps a role's inline policies at 10,240 characters; these bounds leave a wide margin and
/// keep a hostile template from making every check a long scan.
const MAX_PATTERNS: usize = 4096;
const MAX_PATTERN_BYTES: usize = 256 * 1024;

/// An `AWS::IAM::Role` resource of the template.
#[derive(Debug, Clone)]
pub struct Role<'a> {
    pub logical_id: &'a str,
    /// The resource's key under `Resources`.
    pub key_span: Span,
    pub resource: &'a Node,
}

impl<'a> Role<'a> {
    pub fn properties(&self) -> Option<&'a Node> {
        self.resource.get("Properties")
    }
}

/// What a role is granted, as far as the template tells.
#[derive(Debug)]
pub enum Grants {
    /// Every IAM action the role's `Allow` statements name, and nothing takes any of it away.
    Exact(GrantedActions),
    /// Something the template cannot show decides what is granted: the reason.
    Unknowable(String),
}

/// The action patterns of `Allow` statements: exact names in a set (the usual case costs one
/// lookup), patterns with wildcards in a list.
#[derive(Debug, Default)]
pub struct GrantedActions {
    exact: HashSet<String>,
    wildcards: Vec<String>,
    bytes: usize,
}

impl GrantedActions {
    /// Whether some granted pattern allows this IAM action, as IAM matches them.
    pub fn allows(&self, action: &str) -> bool {
        self.exact.contains(&action.to_ascii_lowercase())
            || self.wildcards.iter().any(|p| action_matches(p, action))
    }

    pub fn len(&self) -> usize {
        self.exact.len() + self.wildcards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn add(&mut self, pattern: &str) -> Result<(), String> {
        self.bytes += pattern.len();
        if self.len() >= MAX_PATTERNS || self.bytes > MAX_PATTERN_BYTES {
            return Err(format!(
                "the role's policies name more than {MAX_PATTERNS} actions or {} KiB of them",
                MAX_PATTERN_BYTES / 1024
            ));
        }
        if pattern.contains(['*', '?']) {
            self.wildcards.push(pattern.to_owned());
        } else {
            self.exact.insert(pattern.to_ascii_lowercase());
        }
        Ok(())
    }
}

/// The role an experiment's `RoleArn` names, when it is a role of the same template:
/// `!GetAtt R.Arn`, or a `!Sub`/`Fn::Join` built around `R.Arn` or `R` (the role's name).
pub fn role_in_template<'a>(root: &'a Node, role_arn: &Node) -> Result<Role<'a>, String> {
    let resources = resources(root)?;
    let logical_id = referenced_role(role_arn)?;
    if root
        .get("Parameters")
        .and_then(|p| p.member(&logical_id))
        .is_some()
    {
        return Err(format!("the role comes from the parameter `{logical_id}`"));
    }
    let member = last_member(resources, &logical_id)
        .ok_or_else(|| format!("`{logical_id}` is not a resource of this template"))?;
    let kind = member.value.get("Type").and_then(Node::as_str);
    if kind != Some(ROLE_TYPE) {
        return Err(format!("`{logical_id}` is not an `{ROLE_TYPE}`"));
    }
    Ok(Role {
        logical_id: &member.key,
        key_span: member.key_span,
        resource: &member.value,
    })
}

/// Everything the template grants the role.
pub fn granted(root: &Node, role: &Role<'_>, catalog: &Catalog) -> Grants {
    match collect(root, role, catalog) {
        Ok(granted) => Grants::Exact(granted),
        Err(reason) => Grants::Unknowable(reason),
    }
}

fn collect(root: &Node, role: &Role<'_>, catalog: &Catalog) -> Result<GrantedActions, String> {
    let mut granted = GrantedActions::default();
    let resources = resources(root)?;
    let Some(properties) = role.properties() else {
        return Ok(granted);
    };
    if properties.intrinsic().is_some() {
        return Err("the role's properties are an intrinsic function".to_owned());
    }
    if properties.get("PermissionsBoundary").is_some() {
        return Err("the role has a permissions boundary".to_owned());
    }
    if let Some(policies) = properties.get("Policies") {
        let items = policies
            .as_array()
            .ok_or("the role's `Policies` is not a list")?;
        for policy in items {
            if policy.intrinsic().is_some() {
                return Err("an inline policy is an intrinsic function".to_owned());
            }
            let document = policy
                .get("PolicyDocument")
                .ok_or("an inline policy has no `PolicyDocument`")?;
            add_document(&mut granted, document)?;
        }
    }
    // Managed policy resources named both by the role and by their own `Roles` count once.
    let mut read_policies = BTreeSet::new();
    if let Some(arns) = properties.get("ManagedPolicyArns") {
        let items = arns
            .as_array()
            .ok_or("the role's `ManagedPolicyArns` is not a list")?;
        for arn in items {
            if let Some(id) = ref_target(arn)
                && let Some(member) = last_member(resources, id)
                && member.value.get("Type").and_then(Node::as_str)
                    == Some("AWS::IAM::ManagedPolicy")
            {
                if read_policies.insert(member.key.as_str()) {
                    add_policy_resource(&mut granted, &member.value)?;
                }
                continue;
            }
            add_managed_policy(&mut granted, arn, catalog)?;
        }
    }
    let role_name = properties.get("RoleName");
    for member in resources {
        let kind = member.value.get("Type").and_then(Node::as_str);
        let attached = match kind {
            Some("AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy") => {
                let roles = member.value.get("Properties").and_then(|p| p.get("Roles"));
                match roles {
                    None => false,
                    Some(roles) => {
                        let items = roles
                            .as_array()
                            .ok_or_else(|| format!("`{}`'s `Roles` is not a list", member.key))?;
                        let mut any = false;
                        for item in items {
                            any |= names_role(item, role, role_name)?;
                        }
                        any
                    }
                }
            }
            Some("AWS::IAM::RolePolicy") => {
                match member
                    .value
                    .get("Properties")
                    .and_then(|p| p.get("RoleName"))
                {
                    Some(name) => names_role(name, role, role_name)?,
                    None => false,
                }
            }
            _ => false,
        };
        if attached && read_policies.insert(member.key.as_str()) {
            add_policy_resource(&mut granted, &member.value)?;
        }
    }
    Ok(granted)
}

fn resources(root: &Node) -> Result<&[Member], String> {
    let resources = root
        .get("Resources")
        .and_then(Node::as_object)
        .ok_or("the template has no `Resources`")?;
    if resources.len() > MAX_RESOURCES {
        return Err(format!(
            "the template has more than CloudFormation's {MAX_RESOURCES} resources"
        ));
    }
    Ok(resources)
}

/// The member of this name; the last of duplicates, as everywhere else.
fn last_member<'a>(members: &'a [Member], key: &str) -> Option<&'a Member> {
    members.iter().rev().find(|m| m.key == key)
}

/// The logical id a `RoleArn` value refers to.
fn referenced_role(value: &Node) -> Result<String, String> {
    let Some(function) = value.intrinsic() else {
        return Err("the role is given by a literal ARN; its policies are elsewhere".to_owned());
    };
    let argument = value.get(function).ok_or("malformed intrinsic")?;
    match function {
        "Fn::GetAtt" => get_att_arn(argument)
            .map(str::to_owned)
            .ok_or_else(|| "`Fn::GetAtt` does not name a role's `Arn`".to_owned()),
        "Fn::Sub" => sub_role(argument),
        "Fn::Join" => join_role(argument),
        "Ref" => Err("the role is a `Ref`, which gives a name, not an ARN".to_owned()),
        "Fn::ImportValue" => Err("the role is imported from another stack".to_owned()),
        other => Err(format!("the role is given by `{other}`")),
    }
}

/// `R` from `["R", "Arn"]` or `"R.Arn"`.
fn get_att_arn(argument: &Node) -> Option<&str> {
    match argument.as_array() {
        Some([resource, attribute]) => (attribute.as_str()? == "Arn").then_some(resource.as_str()?),
        Some(_) => None,
        None => argument
            .as_str()?
            .split_once('.')
            .and_then(|(resource, attribute)| (attribute == "Arn").then_some(resource)),
    }
}

fn ref_target(node: &Node) -> Option<&str> {
    (node.intrinsic()? == "Ref").then_some(())?;
    node.get("Ref")?.as_str()
}

/// A `Fn::Sub` whose one variable that is not a pseudo parameter is `R.Arn` or `R`.
fn sub_role(argument: &Node) -> Result<String, String> {
    let (text, variables) = match argument.as_array() {
        Some([text, variables]) => (text.as_str(), variables.as_object()),
        Some(_) => (None, None),
        None => (argument.as_str(), Some(&[][..])),
    };
    let (Some(text), Some(variables)) = (text, variables) else {
        return Err("malformed `Fn::Sub`".to_owned());
    };
    let mut role = None;
    for variable in sub_variables(text) {
        if variable.starts_with("AWS::") {
            continue;
        }
        if variables.iter().any(|v| v.key == variable) {
            return Err("the role ARN is built from the `Fn::Sub` variable map".to_owned());
        }
        if role.is_some() {
            return Err("the role ARN is built from more than one variable".to_owned());
        }
        let logical_id = match variable.split_once('.') {
            Some((resource, "Arn")) => resource,
            Some(_) => return Err(format!("`${{{variable}}}` is not a role's ARN or name")),
            None => variable,
        };
        role = Some(logical_id.to_owned());
    }
    role.ok_or_else(|| "the `Fn::Sub` names no role of the template".to_owned())
}

/// The variables of a `Fn::Sub` string; `${!Literal}` is text, not a variable.
fn sub_variables(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("${")?;
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            rest = &after[end + 1..];
            let variable = after[..end].trim();
            if !variable.starts_with('!') {
                return Some(variable);
            }
        }
    })
}

/// A `Fn::Join` of text and pseudo parameters around one `Ref R` or `GetAtt R.Arn`.
fn join_role(argument: &Node) -> Result<String, String> {
    let Some([_, parts]) = argument.as_array() else {
        return Err("malformed `Fn::Join`".to_owned());
    };
    let parts = parts
        .as_array()
        .ok_or("the `Fn::Join` parts are deferred")?;
    let mut role = None;
    for part in parts {
        if part.scalar_text().is_some() {
            continue;
        }
        let logical_id = match part.intrinsic() {
            Some("Ref") => match ref_target(part) {
                Some(name) if name.starts_with("AWS::") => continue,
                Some(name) => name,
                None => return Err("malformed `Ref`".to_owned()),
            },
            Some("Fn::GetAtt") => part
                .get("Fn::GetAtt")
                .and_then(get_att_arn)
                .ok_or("a `Fn::GetAtt` that is not a role's `Arn`")?,
            _ => return Err("the role ARN is joined from deploy-time values".to_owned()),
        };
        if role.is_some() {
            return Err("the role ARN is built from more than one reference".to_owned());
        }
        role = Some(logical_id.to_owned());
    }
    role.ok_or_else(|| "the `Fn::Join` names no role of the template".to_owned())
}

/// Whether an entry of a policy's `Roles` (role names) is this role: `Ref R`, or the role's own
/// `RoleName` written the same way.
fn names_role(item: &Node, role: &Role<'_>, role_name: Option<&Node>) -> Result<bool, String> {
    if ref_target(item) == Some(role.logical_id) {
        return Ok(true);
    }
    if role_name.is_some_and(|name| same_value(name, item)) {
        return Ok(true);
    }
    match item.intrinsic() {
        None | Some("Ref" | "Fn::ImportValue") => Ok(false),
        Some(other) => Err(format!("a policy attaches to a role given by `{other}`")),
    }
}

/// Equal as values, whatever the syntax or position.
fn same_value(a: &Node, b: &Node) -> bool {
    a.to_json() == b.to_json()
}

/// A FIS managed policy by ARN (literal, or with the partition as a variable).
fn add_managed_policy(
    granted: &mut GrantedActions,
    arn: &Node,
    catalog: &Catalog,
) -> Result<(), String> {
    let text =
        managed_arn_text(arn).ok_or("a managed policy ARN is given by a deploy-time value")?;
    let policy = aws_policy_path(&text)
        .and_then(|path| {
            let name = path.rsplit('/').next()?;
            let policy = catalog.permissions().managed_policy(name)?;
            policy.arn.ends_with(&format!(":{path}")).then_some(policy)
        })
        .filter(|policy| policy.for_experiment_role)
        .ok_or_else(|| format!("`{text}` is not a FIS managed policy for experiment roles"))?;
    for action in policy.allowed_actions() {
        granted.add(action)?;
    }
    Ok(())
}

/// `iam::aws:policy/...` from `arn:<partition>:iam::aws:policy/...`, any partition.
fn aws_policy_path(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let rest = match rest.strip_prefix("${AWS::Partition}") {
        Some(rest) => rest,
        None => &rest[rest.find(':')?..],
    };
    let path = rest.strip_prefix(':')?;
    path.starts_with("iam::aws:policy/").then_some(path)
}

/// The ARN's text with `${AWS::Partition}` where the partition is a variable; `None` when anything
/// else is left to deploy time.
fn managed_arn_text(node: &Node) -> Option<String> {
    if let Some(text) = node.as_str() {
        return Some(text.to_owned());
    }
    let text = match node.intrinsic()? {
        "Fn::Sub" => node.get("Fn::Sub")?.as_str()?.to_owned(),
        "Fn::Join" => {
            let [delimiter, parts] = node.get("Fn::Join")?.as_array()? else {
                return None;
            };
            let mut pieces = Vec::new();
            for part in parts.as_array()? {
                match (part.as_str(), ref_target(part)) {
                    (Some(text), _) => pieces.push(text.to_owned()),
                    (None, Some("AWS::Partition")) => pieces.push("${AWS::Partition}".to_owned()),
                    _ => return None,
                }
            }
            pieces.join(delimiter.as_str()?)
        }
        _ => return None,
    };
    let only_partition = sub_variables(&text).all(|v| v == "AWS::Partition");
    only_partition.then_some(text)
}

fn add_policy_resource(granted: &mut GrantedActions, resource: &Node) -> Result<(), String> {
    let document = resource
        .get("Properties")
        .and_then(|p| p.get("PolicyDocument"))
        .ok_or("an attached policy has no literal `PolicyDocument`")?;
    add_document(granted, document)
}

/// The `Allow` statements of a literal policy document; anything that could take a grant away or
/// make it depend on the request (`Deny`, `NotAction`, `Condition`, intrinsics) is unknowable.
fn add_document(granted: &mut GrantedActions, document: &Node) -> Result<(), String> {
    if document.as_object().is_none() || document.intrinsic().is_some() {
        return Err("a policy document is not a literal object".to_owned());
    }
    let Some(statements) = document.get("Statement") else {
        return Ok(());
    };
    let statements = match statements.as_array() {
        Some(items) => items,
        None => std::slice::from_ref(statements),
    };
    for statement in statements {
        if statement.intrinsic().is_some() || statement.as_object().is_none() {
            return Err("a policy statement is not a literal object".to_owned());
        }
        match statement.get("Effect").and_then(Node::as_str) {
            Some("Allow") => {}
            Some("Deny") => return Err("a policy has a `Deny` statement".to_owned()),
            _ => return Err("a policy statement's `Effect` is not literal".to_owned()),
        }
        if statement.get("NotAction").is_some() {
            return Err("a policy statement uses `NotAction`".to_owned());
        }
        if statement.get("Condition").is_some() {
            return Err("a policy statement has a `Condition`".to_owned());
        }
        let Some(actions) = statement.get("Action") else {
            continue;
        };
        let actions = match actions.as_array() {
            Some(items) => items,
            None => std::slice::from_ref(actions),
        };
        for action in actions {
            let pattern = action
                .as_str()
                .ok_or("a policy statement's `Action` is not literal")?;
            granted.add(pattern)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Syntax, parse};

    const ROLE_YAML: &str = "
Parameters:
  RoleParam: {Type: String}
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  FisRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
";

    fn yaml(text: &str) -> Node {
        parse(text, Syntax::Yaml).unwrap()
    }

    fn json(text: &str) -> Node {
        parse(text, Syntax::Json).unwrap()
    }

    fn role_of(root: &Node, role_arn: &str) -> Result<String, String> {
        let value = yaml(role_arn);
        role_in_template(root, &value).map(|role| role.logical_id.to_owned())
    }

    #[test]
    fn role_references_resolve_in_every_form() {
        let root = yaml(ROLE_YAML);
        for form in [
            "!GetAtt FisRole.Arn",
            "{Fn::GetAtt: [FisRole, Arn]}",
            "{Fn::GetAtt: FisRole.Arn}",
            "!Sub '${FisRole.Arn}'",
            "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${FisRole}'",
            "!Sub ['arn:aws:iam::${AWS::AccountId}:role/${FisRole}', {}]",
            "!Join ['', ['arn:aws:iam::', !Ref 'AWS::AccountId', ':role/', !Ref FisRole]]",
            "!Join ['', [!GetAtt FisRole.Arn]]",
        ] {
            assert_eq!(role_of(&root, form), Ok("FisRole".to_owned()), "{form}");
        }
    }

    #[test]
    fn roles_from_elsewhere_are_unknowable() {
        let root = yaml(ROLE_YAML);
        let cases = [
            ("arn:aws:iam::123456789012:role/fis", "literal"),
            ("!Ref RoleParam", "`Ref`"),
            ("!GetAtt RoleParam.Arn", "parameter"),
            ("!Sub '${RoleParam}'", "parameter"),
            ("!ImportValue shared-fis-role", "another stack"),
            ("!GetAtt Bucket.Arn", "not an `AWS::IAM::Role`"),
            ("!GetAtt Missing.Arn", "not a resource"),
            ("!GetAtt FisRole.RoleId", "`Arn`"),
            ("!Sub '${FisRole.RoleId}'", "not a role's ARN"),
            (
                "!Sub 'arn:aws:iam::${Account}:role/${FisRole}'",
                "more than one",
            ),
            ("!Sub ['${Name}', {Name: !Ref FisRole}]", "variable map"),
            (
                "!If [C, !GetAtt FisRole.Arn, !Ref AWS::NoValue]",
                "`Fn::If`",
            ),
            (
                "!Join ['', [!Ref FisRole, !Ref RoleParam]]",
                "more than one",
            ),
            ("!Join ['', [!Select [0, [a]]]]", "deploy-time"),
        ];
        for (form, reason) in cases {
            let err = role_of(&root, form).expect_err(form);
            assert!(err.contains(reason), "{form}: {err}");
        }
    }

    fn grants_of(template: &str) -> Grants {
        let root = yaml(template);
        let role_arn = yaml("!GetAtt FisRole.Arn");
        let role = role_in_template(&root, &role_arn).unwrap();
        granted(&root, &role, Catalog::builtin())
    }

    fn exact(template: &str) -> GrantedActions {
        match grants_of(template) {
            Grants::Exact(granted) => granted,
            Grants::Unknowable(reason) => panic!("unknowable: {reason}"),
        }
    }

    fn unknowable(template: &str) -> String {
        match grants_of(template) {
            Grants::Exact(granted) => panic!("exact: {granted:?}"),
            Grants::Unknowable(reason) => reason,
        }
    }

    fn role_with(properties: &str) -> String {
        format!(
            "Resources:\n  FisRole:\n    Type: AWS::IAM::Role\n    Properties:\n{}",
            indent(properties, 6)
        )
    }

    fn indent(text: &str, by: usize) -> String {
        text.lines()
            .map(|l| format!("{}{l}\n", " ".repeat(by)))
            .collect()
    }

    #[test]
    fn inline_policies_grant_their_actions_with_wildcards() {
        let granted = exact(&role_with(
            "Policies:
  - PolicyName: fis
    PolicyDocument:
      Statement:
        - Effect: Allow
          Action: [ec2:StopInstances, 'ssm:List*']
          Resource: arn:aws:ec2:*:*:instance/*
        - Effect: Allow
          Action: 'rds:*'
          Resource: '*'",
        ));
        assert!(granted.allows("ec2:StopInstances"));
        assert!(granted.allows("EC2:stopinstances"));
        assert!(granted.allows("ssm:ListCommands"));
        assert!(granted.allows("rds:RebootDBInstance"));
        assert!(!granted.allows("ec2:StartInstances"));
        assert!(!granted.allows("ssm:SendCommand"));
    }

    #[test]
    fn a_role_without_policies_grants_nothing() {
        let granted = exact("Resources:\n  FisRole:\n    Type: AWS::IAM::Role\n");
        assert!(granted.is_empty());
    }

    #[test]
    fn fis_managed_policies_grant_their_actions_in_any_partition() {
        for arn in [
            "arn:aws:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access",
            "arn:aws-cn:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access",
            "!Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access'",
            "!Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access']]",
        ] {
            let granted = exact(&role_with(&format!("ManagedPolicyArns:\n  - {arn}")));
            assert!(granted.allows("ec2:StopInstances"), "{arn}");
            assert!(!granted.allows("rds:RebootDBInstance"), "{arn}");
        }
    }

    #[test]
    fn other_managed_policies_are_unknowable() {
        for (arn, reason) in [
            (
                "arn:aws:iam::123456789012:policy/mine",
                "not a FIS managed policy",
            ),
            (
                "arn:aws:iam::aws:policy/AdministratorAccess",
                "not a FIS managed policy",
            ),
            (
                "arn:aws:iam::aws:policy/service-role/AWSFaultInjectionSimulatorEC2Access2",
                "not a FIS managed policy",
            ),
            (
                "arn:aws:iam::aws:policy/aws-service-role/AmazonFISServiceRolePolicy",
                "not a FIS managed policy",
            ),
            ("!Ref PolicyParam", "deploy-time"),
            (
                "!Sub 'arn:aws:iam::${AWS::AccountId}:policy/mine'",
                "deploy-time",
            ),
        ] {
            let found = unknowable(&role_with(&format!("ManagedPolicyArns:\n  - {arn}")));
            assert!(found.contains(reason), "{arn}: {found}");
        }
    }

    #[test]
    fn what_could_take_a_grant_away_is_unknowable() {
        let statement = |extra: &str| {
            role_with(&format!(
                "Policies:
  - PolicyName: p
    PolicyDocument:
      Statement:
        - Effect: Allow
          Action: ec2:StopInstances
          Resource: '*'
{}",
                indent(extra, 8)
            ))
        };
        let cases = [
            (
                statement("- Effect: Deny\n  Action: ec2:*\n  Resource: '*'"),
                "`Deny`",
            ),
            (
                statement("- Effect: Allow\n  NotAction: iam:*\n  Resource: '*'"),
                "`NotAction`",
            ),
            (
                statement(
                    "- Effect: Allow\n  Action: ec2:StartInstances\n  Resource: '*'\n  Condition: {Bool: {aws:MultiFactorAuthPresent: true}}",
                ),
                "`Condition`",
            ),
            (
                statement("- Effect: Allow\n  Action: !Ref Act\n  Resource: '*'"),
                "`Action`",
            ),
            (statement("- !If [C, {}, {}]"), "statement"),
            (statement("- Effect: !Ref E\n  Action: a:b"), "`Effect`"),
            (
                role_with("PermissionsBoundary: arn:aws:iam::123456789012:policy/b"),
                "permissions boundary",
            ),
            (
                role_with(
                    "Policies:\n  - !If [C, {PolicyName: p, PolicyDocument: {}}, !Ref AWS::NoValue]",
                ),
                "intrinsic",
            ),
            (
                role_with("Policies:\n  - PolicyName: p\n    PolicyDocument: !If [C, {}, {}]"),
                "not a literal",
            ),
            (role_with("Policies: !Ref Ps"), "not a list"),
        ];
        for (template, reason) in cases {
            let found = unknowable(&template);
            assert!(found.contains(reason), "{template}: {found}");
        }
    }

    #[test]
    fn policy_resources_attach_by_role_name() {
        let template = format!(
            "{}
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref FisRole]
      PolicyDocument:
        Statement: {{Effect: Allow, Action: 'ec2:Start*', Resource: '*'}}
  ByName:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [fis-role]
      PolicyDocument:
        Statement: [{{Effect: Allow, Action: ssm:SendCommand, Resource: '*'}}]
  Inline:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref FisRole
      PolicyDocument:
        Statement: [{{Effect: Allow, Action: rds:RebootDBInstance, Resource: '*'}}]
  Elsewhere:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref OtherRole, other-name]
      PolicyDocument:
        Statement: [{{Effect: Allow, Action: '*', Resource: '*'}}]",
            role_with("RoleName: fis-role")
        );
        let granted = exact(&template);
        assert!(granted.allows("ec2:StartInstances"));
        assert!(granted.allows("ssm:SendCommand"));
        assert!(granted.allows("rds:RebootDBInstance"));
        assert!(!granted.allows("ec2:StopInstances"), "{granted:?}");

        let conditional = format!(
            "{}
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!If [C, !Ref FisRole, other]]
      PolicyDocument: {{}}",
            role_with("RoleName: fis-role")
        );
        assert!(unknowable(&conditional).contains("`Fn::If`"));
    }

    #[test]
    fn a_managed_policy_resource_named_by_arn_is_read_once() {
        let template = format!(
            "{}
  Extra:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref FisRole]
      PolicyDocument:
        Statement: [{{Effect: Allow, Action: ec2:StopInstances, Resource: '*'}}]",
            role_with("ManagedPolicyArns: [!Ref Extra]")
        );
        let granted = exact(&template);
        assert_eq!(granted.len(), 1);
        assert!(granted.allows("ec2:StopInstances"));
    }

    #[test]
    fn json_templates_read_the_same() {
        let root = json(
            r#"{"Resources": {"FisRole": {"Type": "AWS::IAM::Role", "Properties": {
                "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}}}}"#,
        );
        let role_arn = json(r#"{"Fn::GetAtt": ["FisRole", "Arn"]}"#);
        let role = role_in_template(&root, &role_arn).unwrap();
        let Grants::Exact(granted) = granted(&root, &role, Catalog::builtin()) else {
            panic!("unknowable");
        };
        assert!(granted.allows("anything:AtAll"));
    }

    #[test]
    fn the_cost_is_capped() {
        let actions: String = (0..MAX_PATTERNS + 1)
            .map(|i| format!("\"svc:Action{i}*\","))
            .collect();
        let template = format!(
            r#"{{"Resources": {{"FisRole": {{"Type": "AWS::IAM::Role", "Properties": {{
                "Policies": [{{"PolicyName": "p", "PolicyDocument": {{"Statement": [
                    {{"Effect": "Allow", "Action": [{}], "Resource": "*"}}]}}}}]}}}}}}}}"#,
            actions.trim_end_matches(',')
        );
        let root = json(&template);
        let role_arn = json(r#"{"Fn::GetAtt": ["FisRole", "Arn"]}"#);
        let role = role_in_template(&root, &role_arn).unwrap();
        let Grants::Unknowable(reason) = granted(&root, &role, Catalog::builtin()) else {
            panic!("the cap did not apply");
        };
        assert!(reason.contains("more than"), "{reason}");

        let many: String = (0..=MAX_RESOURCES)
            .map(|i| format!("\"R{i}\": {{\"Type\": \"AWS::SNS::Topic\"}},"))
            .collect();
        let root = json(&format!(
            r#"{{"Resources": {{{many} "FisRole": {{"Type": "AWS::IAM::Role"}}}}}}"#
        ));
        let err = role_in_template(&root, &role_arn).unwrap_err();
        assert!(err.contains("500"), "{err}");
    }
}

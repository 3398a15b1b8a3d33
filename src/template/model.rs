//! Typed views of an experiment template's parts: targets, actions, stop conditions.

use super::Field;
use super::view::{Entry, Located, Shape, entries_of, items_of};

/// One entry of the template's `targets` map.
#[derive(Debug, Clone)]
pub struct Target<'a>(pub Entry<'a>);

impl<'a> Target<'a> {
    pub fn name(&self) -> &'a str {
        self.0.name
    }

    pub fn located(&self) -> &Located<'a> {
        &self.0.value
    }

    pub fn resource_type(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::ResourceType)
    }

    pub fn resource_arns(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::ResourceArns)
    }

    pub fn resource_tags(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::ResourceTags)
    }

    pub fn filters(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::Filters)
    }

    pub fn selection_mode(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::SelectionMode)
    }

    pub fn parameters(&self) -> Shape<Entry<'a>> {
        entries_of(self.0.value.field(Field::Parameters))
    }

    pub fn parameters_field(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::Parameters)
    }
}

/// One entry of the template's `actions` map.
#[derive(Debug, Clone)]
pub struct Action<'a>(pub Entry<'a>);

impl<'a> Action<'a> {
    pub fn name(&self) -> &'a str {
        self.0.name
    }

    pub fn located(&self) -> &Located<'a> {
        &self.0.value
    }

    pub fn action_id(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::ActionId)
    }

    /// The action's `targets` map: target key → target name.
    pub fn targets(&self) -> Shape<Entry<'a>> {
        entries_of(self.targets_field())
    }

    pub fn targets_field(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::Targets)
    }

    pub fn parameters(&self) -> Shape<Entry<'a>> {
        entries_of(self.parameters_field())
    }

    pub fn parameters_field(&self) -> Option<Located<'a>> {
        self.0.value.field(Field::Parameters)
    }

    /// The names of the actions this one waits for.
    pub fn start_after(&self) -> Shape<Located<'a>> {
        items_of(self.0.value.field(Field::StartAfter))
    }
}

/// One item of the template's `stopConditions` list.
#[derive(Debug, Clone)]
pub struct StopCondition<'a>(pub Located<'a>);

impl<'a> StopCondition<'a> {
    pub fn located(&self) -> &Located<'a> {
        &self.0
    }

    pub fn source(&self) -> Option<Located<'a>> {
        self.0.field(Field::Source)
    }

    pub fn value(&self) -> Option<Located<'a>> {
        self.0.field(Field::Value)
    }
}

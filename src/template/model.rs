//! Typed views of an experiment template's parts: targets, actions, stop conditions.

use super::field;
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
        self.0.value.field(field::RESOURCE_TYPE)
    }

    pub fn resource_arns(&self) -> Option<Located<'a>> {
        self.0.value.field(field::RESOURCE_ARNS)
    }

    pub fn resource_tags(&self) -> Option<Located<'a>> {
        self.0.value.field(field::RESOURCE_TAGS)
    }

    pub fn filters(&self) -> Option<Located<'a>> {
        self.0.value.field(field::FILTERS)
    }

    pub fn selection_mode(&self) -> Option<Located<'a>> {
        self.0.value.field(field::SELECTION_MODE)
    }

    pub fn parameters(&self) -> Shape<Entry<'a>> {
        entries_of(self.0.value.field(field::PARAMETERS))
    }

    pub fn parameters_field(&self) -> Option<Located<'a>> {
        self.0.value.field(field::PARAMETERS)
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
        self.0.value.field(field::ACTION_ID)
    }

    /// The action's `targets` map: target key → target name.
    pub fn targets(&self) -> Shape<Entry<'a>> {
        entries_of(self.targets_field())
    }

    pub fn targets_field(&self) -> Option<Located<'a>> {
        self.0.value.field(field::TARGETS)
    }

    pub fn parameters(&self) -> Shape<Entry<'a>> {
        entries_of(self.parameters_field())
    }

    pub fn parameters_field(&self) -> Option<Located<'a>> {
        self.0.value.field(field::PARAMETERS)
    }

    /// The names of the actions this one waits for.
    pub fn start_after(&self) -> Shape<Located<'a>> {
        items_of(self.0.value.field(field::START_AFTER))
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
        self.0.field(field::SOURCE)
    }

    pub fn value(&self) -> Option<Located<'a>> {
        self.0.field(field::VALUE)
    }
}

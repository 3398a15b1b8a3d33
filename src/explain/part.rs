//! Values as the template gives them: text, or deferred to deploy time by an intrinsic function,
//! never guessed.

use schemars::JsonSchema;
use serde::Serialize;

use crate::template::{Located, Shape};

/// A scalar the template gives: its text, or the intrinsic function that gives it at deploy time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Shown {
    Text(String),
    /// Known only at deploy time: the intrinsic function (`Ref`, `Fn::GetAtt`, …) that gives it.
    Deferred {
        deferred: String,
    },
    /// Neither text nor an intrinsic: the JSON type written (FIS020 reports it).
    Invalid {
        invalid: String,
    },
}

/// A map or list the template gives: its contents, or why they are not known.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Part_of_{T}")]
pub enum Part<T> {
    Known(T),
    Deferred { deferred: String },
    Invalid { invalid: String },
}

impl Shown {
    pub fn of(located: &Located<'_>) -> Shown {
        if let Some(function) = located.node.intrinsic() {
            return Shown::Deferred {
                deferred: function.to_owned(),
            };
        }
        match located.text() {
            Some(text) => Shown::Text(text.to_owned()),
            None => Shown::Invalid {
                invalid: located.node.type_name().to_owned(),
            },
        }
    }

    /// The text, when the template gives it literally.
    pub fn text(&self) -> Option<&str> {
        match self {
            Shown::Text(text) => Some(text),
            _ => None,
        }
    }

    /// How views show it: the text, `<Fn::GetAtt>` for a deferred value, `<number>` for an
    /// invalid one.
    pub fn display(&self) -> String {
        match self {
            Shown::Text(text) => text.clone(),
            Shown::Deferred { deferred } => format!("<{deferred}>"),
            Shown::Invalid { invalid } => format!("<{invalid}>"),
        }
    }
}

impl<T> Part<T> {
    /// The contents of `located` as `shape` reads them, made by `known`.
    pub fn of<U>(located: &Located<'_>, shape: Shape<U>, known: impl FnOnce(&[U]) -> T) -> Part<T> {
        match shape {
            Shape::Known(items) => Part::Known(known(&items)),
            Shape::Deferred => Part::Deferred {
                deferred: located.node.intrinsic().unwrap_or_default().to_owned(),
            },
            Shape::Absent | Shape::Invalid => Part::Invalid {
                invalid: located.node.type_name().to_owned(),
            },
        }
    }

    pub fn known(&self) -> Option<&T> {
        match self {
            Part::Known(value) => Some(value),
            _ => None,
        }
    }
}

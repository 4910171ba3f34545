//! Errors in scenario files and overrides: each names the file, the line and
//! column where known, the field (dotted name), the rule broken and, for a
//! misspelt name, the nearest valid one.

use crate::params::Origin;

/// A scenario could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    /// The file (path, `preset:NAME`, `--set` or `built-in defaults`).
    pub source_name: String,
    /// 1-based line and column, where known.
    pub position: Option<(usize, usize)>,
    /// The dotted name of the field, where there is one.
    pub field: Option<String>,
    /// The rule that was broken.
    pub message: String,
    /// A suggestion, e.g. "did you mean `energy.g_supply`?".
    pub hint: Option<String>,
}

impl std::error::Error for ScenarioError {}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source_name)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl ScenarioError {
    pub fn new(source_name: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            source_name: source_name.into(),
            position: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    /// An error located where `origin` says a value was set.
    pub fn at_origin(origin: &Origin, field: impl Into<String>, message: impl Into<String>) -> Self {
        let (source_name, position) = match origin {
            Origin::Default => ("built-in defaults".to_string(), None),
            Origin::File { source, line, column } => (source.clone(), Some((*line, *column))),
            Origin::Override => ("--set".to_string(), None),
        };
        ScenarioError { source_name, position, field: Some(field.into()), message: message.into(), hint: None }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// "did you mean `X`?" for the candidate nearest to `wrong`, if it is close enough.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let best = candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(wrong, c), c))
        .min_by_key(|(distance, _)| *distance)?;
    let limit = (wrong.len() / 3).max(2);
    (best.0 <= limit).then(|| format!("did you mean `{}`?", best.1))
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let text = "a = 1\n[energy]\ng_suply = 2\n";
        let offset = text.find("g_suply").unwrap();
        assert_eq!(line_column(text, offset), (3, 1));
        assert_eq!(line_column(text, 0), (1, 1));
    }

    #[test]
    fn suggests_the_nearest_name() {
        let hint = did_you_mean("energy.g_suply", ["energy.g_supply", "energy.g_cost"]);
        assert_eq!(hint.as_deref(), Some("did you mean `energy.g_supply`?"));
        assert_eq!(did_you_mean("zzzzzzzz", ["energy.g_supply"]), None);
    }
}

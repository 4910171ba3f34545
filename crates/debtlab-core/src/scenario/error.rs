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
            write!(f, "`{}`: ", clip(field))?;
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

/// Most characters of user input echoed in a message.
pub const ECHO_CHARS: usize = 80;

/// `text` as echoed in a message: whole up to [`ECHO_CHARS`] characters, else
/// its start and its length (a 1 MB key is not printed back).
pub fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(ECHO_CHARS) {
        None => text.into(),
        Some(_) => {
            let head: String = text.chars().take(ECHO_CHARS - 20).collect();
            format!("{head}... ({} characters)", text.chars().count()).into()
        }
    }
}

/// A name folded for comparison: lower case, without `.`, `_`, `-` or
/// spaces, so `Energy.G_Supply`, `energy.g.supply` and `energy-gsupply`
/// all compare equal to `energy.g_supply`.
fn folded(name: &str) -> Vec<char> {
    name.chars().filter(|c| !matches!(c, '.' | '_' | '-' | ' ')).flat_map(char::to_lowercase).collect()
}

/// "did you mean `X`?" for the candidate nearest to `wrong`, if it is close
/// enough: within a third of the candidate's length (at least 2) in
/// Damerau-Levenshtein distance, compared case- and separator-insensitively.
///
/// Linear in `wrong`'s length: a candidate is compared only when the lengths
/// differ by no more than its limit (the distance is at least the
/// difference), so a long input costs one pass to fold and nothing more.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wrong_folded = folded(wrong);
    let best = candidates
        .into_iter()
        .filter_map(|c| {
            let candidate = folded(c);
            let limit = (candidate.len() / 3).max(2);
            if wrong_folded.len().abs_diff(candidate.len()) > limit {
                return None;
            }
            let distance = strsim::generic_damerau_levenshtein(&wrong_folded, &candidate);
            (distance <= limit).then_some((distance, c))
        })
        .min_by_key(|(distance, _)| *distance)?;
    (best.1 != wrong).then(|| format!("did you mean `{}`?", best.1))
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

    #[test]
    fn suggestions_ignore_case_and_separators() {
        let names = ["energy.g_supply", "policy.r_star", "technology.sectors"];
        assert_eq!(did_you_mean("Energy.G_Supply", names).as_deref(), Some("did you mean `energy.g_supply`?"));
        assert_eq!(did_you_mean("energy.g.supply", names).as_deref(), Some("did you mean `energy.g_supply`?"));
        assert_eq!(did_you_mean("POLICY_RSTAR", names).as_deref(), Some("did you mean `policy.r_star`?"));
        assert_eq!(did_you_mean("energy.g_suply", names).as_deref(), Some("did you mean `energy.g_supply`?"));
        assert_eq!(did_you_mean("nothing.like.it", names), None);
    }

    /// Issue 16: a 1 MB misspelt key took 10 s to get its suggestion and was echoed whole.
    #[test]
    fn a_long_key_is_neither_slow_nor_echoed() {
        let long = "energy.g_supply".repeat(70_000);
        let names = crate::params::spec::all_names();
        // Compared with no candidate: the length check rules every one out.
        assert_eq!(did_you_mean(&long, names.iter().map(String::as_str)), None);
        let near = format!("{}x", "a".repeat(10));
        assert_eq!(did_you_mean(&near, ["aaaaaaaaaa"]).as_deref(), Some("did you mean `aaaaaaaaaa`?"));
        let error = ScenarioError::new("f.toml", "unknown parameter").with_field(long.clone());
        let text = error.to_string();
        assert!(text.len() < 200, "{} bytes", text.len());
        assert!(text.contains("(1050000 characters)"), "{text}");
        assert_eq!(clip("short"), "short");
    }
}

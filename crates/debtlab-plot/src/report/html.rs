//! Small HTML helpers: escaping, tables, the page frame and its CSS. The
//! markup is also well-formed XML (every element closed, void elements
//! self-closed), so an XML parser can check it.

/// Escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A table cell: escaped text, or markup already safe.
pub enum Cell {
    Text(String),
    /// Right-aligned number text.
    Number(String),
    /// Markup built by this module (already escaped).
    Raw(String),
}

/// A table with a header row; `row_class` gives each row's class and data
/// attributes (already escaped).
pub fn table(class: &str, header: &[&str], rows: &[(String, Vec<Cell>)]) -> String {
    let mut out = format!("<table class=\"{}\">\n<thead><tr>", escape(class));
    for h in header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (attributes, cells) in rows {
        out.push_str(&format!("<tr{attributes}>"));
        for cell in cells {
            match cell {
                Cell::Text(t) => out.push_str(&format!("<td>{}</td>", escape(t))),
                Cell::Number(t) => out.push_str(&format!("<td class=\"num\">{}</td>", escape(t))),
                Cell::Raw(m) => out.push_str(&format!("<td>{m}</td>")),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A `<figure>` holding an inline SVG and a caption.
pub fn figure(svg: &str, caption: &str) -> String {
    format!("<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n", svg.trim(), escape(caption))
}

/// A `<p>` of escaped text.
pub fn paragraph(text: &str) -> String {
    format!("<p>{}</p>\n", escape(text))
}

const CSS: &str = "
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', Verdana, 'Helvetica Neue', Arial, sans-serif; color: #1e1e1e;
  background: #fff; margin: 0; line-height: 1.5; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 2px solid #e6e6e6; padding-bottom: 0.2em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.lede { color: #555; margin-top: 0; }
.summary { background: #f4f7fb; border-left: 4px solid #0072b2; padding: 0.6em 1em; }
.summary p { margin: 0.5em 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.6em 0 1em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: 600; }
table.attribution th { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.holds { color: #006b4f; font-weight: 700; }
.fails { color: #b3261e; font-weight: 700; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.92em; }
figure { margin: 1em 0 1.6em; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.88em; margin-top: 0.3em; }
footer { margin-top: 2.5em; padding-top: 0.8em; border-top: 1px solid #ddd; color: #555; font-size: 0.85em; }
footer td, footer th { font-size: 0.95em; }
";

/// The whole page around `body` markup.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n\
         <meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
        let t = table("x", &["h"], &[(String::new(), vec![Cell::Text("<i>".into())])]);
        assert!(t.contains("<td>&lt;i&gt;</td>"));
    }
}

//! HTML written as text, for the parts of the Scenario view the worker draws whole. Every piece
//! of text that comes from the scenario (node names, paths, references, messages) goes through
//! [`text`], which escapes all five of HTML's special characters, so no input can open a tag or
//! leave an attribute: the page inserts this markup as it is.

/// Appends `s` escaped, for element content and for quoted attribute values alike.
pub fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `<tag class="class">text</tag>`, the text escaped.
pub fn element(out: &mut String, tag: &str, class: &str, s: &str) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    out.push('>');
    text(out, s);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_the_input_opens_a_tag_or_leaves_an_attribute() {
        let mut out = String::new();
        element(&mut out, "li", "x", "<img src=x onerror=\"alert('1')\">&");
        assert_eq!(out, "<li class=\"x\">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</li>");
    }
}

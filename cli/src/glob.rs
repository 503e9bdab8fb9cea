//! The globs `--ignore` takes, matched by hand (no regex engine in the npm package's wasm):
//! `*` any run of characters but `/`, `**` any run including `/` (so `charts/**` is all under
//! charts), `?` one character but `/`, `[abc]`, `[a-z]` and `[!a-z]` one of (or none of) a set.

/// One glob, checked when read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    tokens: Vec<Token>,
    /// Whether the glob names a path (has a `/`) rather than any one name in it.
    pub has_slash: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    Any,
    AnyDeep,
    One,
    Set { negated: bool, ranges: Vec<(char, char)> },
}

impl Glob {
    /// Reads `pattern`; an unclosed `[` is refused.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    Token::AnyDeep
                }
                '*' => Token::Any,
                '?' => Token::One,
                '[' => {
                    let negated = chars.next_if(|c| *c == '!' || *c == '^').is_some();
                    let mut ranges = Vec::new();
                    loop {
                        match chars.next() {
                            None => return Err(format!("--ignore: {pattern:?}: a [ without its ]")),
                            Some(']') if !ranges.is_empty() => break,
                            Some(low) => {
                                let high = if chars.peek() == Some(&'-') {
                                    chars.next();
                                    chars.next().filter(|h| *h != ']').ok_or_else(|| {
                                        format!("--ignore: {pattern:?}: a range in [] without its end")
                                    })?
                                } else {
                                    low
                                };
                                ranges.push((low, high));
                            }
                        }
                    }
                    Token::Set { negated, ranges }
                }
                c => Token::Char(c),
            });
        }
        Ok(Glob { tokens, has_slash: pattern.contains('/') })
    }

    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        matches(&self.tokens, &text)
    }
}

fn matches(tokens: &[Token], text: &[char]) -> bool {
    let Some((first, rest)) = tokens.split_first() else { return text.is_empty() };
    match first {
        Token::AnyDeep => (0..=text.len()).any(|i| matches(rest, &text[i..])),
        Token::Any => {
            let run = text.iter().take_while(|c| **c != '/').count();
            (0..=run).any(|i| matches(rest, &text[i..]))
        }
        _ => match text.split_first() {
            Some((c, after)) if one(first, *c) => matches(rest, after),
            _ => false,
        },
    }
}

fn one(token: &Token, c: char) -> bool {
    match token {
        Token::Char(t) => *t == c,
        Token::One => c != '/',
        Token::Set { negated, ranges } => c != '/' && ranges.iter().any(|(l, h)| (*l..=*h).contains(&c)) != *negated,
        Token::Any | Token::AnyDeep => false,
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(pattern: &str, text: &str) -> bool {
        Glob::new(pattern).unwrap().matches(text)
    }

    #[test]
    fn globs_match_as_shells_do() {
        assert!(m("*.yaml", "crc.yaml") && !m("*.yaml", "a/crc.yaml") && !m("*.yaml", "crc.yml"));
        assert!(m("charts/**", "charts/a/b.yaml") && m("**/templates", "x/y/templates") && m("**", ""));
        assert!(m("kustomization.y?ml", "kustomization.yaml") && !m("?", "/"));
        assert!(m("[a-c]*", "base") && !m("[!a-c]*", "base") && m("[!a-c]*", "dev") && m("[]]", "]"));
        assert!(!m("a*b", "a/b") && m("a**b", "a/b"));
        assert!(Glob::new("[a-").is_err() && Glob::new("[abc").is_err());
    }
}

//! Where each statement sits in a policy's text, as line and column (1-based), for the
//! simulator's `StartPosition` / `EndPosition`. The text is assumed to be valid JSON (it was
//! parsed before); on anything unexpected the result is simply shorter.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A cursor over the text that knows its line and column.
struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    column: usize,
}

impl Cursor<'_> {
    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_whitespace(&mut self) {
        while self.chars.peek().is_some_and(|c| c.is_whitespace()) {
            self.next();
        }
    }

    /// Reads a string whose opening quote was consumed.
    fn string(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.next() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(escaped) = self.next() {
                        out.push(escaped);
                    }
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Skips one value whose first character was consumed.
    fn skip_value(&mut self, first: char) {
        match first {
            '"' => {
                self.string();
            }
            '{' | '[' => {
                let mut depth = 1;
                while depth > 0 {
                    match self.next() {
                        None => return,
                        Some('"') => {
                            self.string();
                        }
                        Some('{' | '[') => depth += 1,
                        Some('}' | ']') => depth -= 1,
                        Some(_) => {}
                    }
                }
            }
            _ => {
                while self
                    .chars
                    .peek()
                    .is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                {
                    self.next();
                }
            }
        }
    }
}

/// The span of each statement, in document order: from its `{` to just after its `}`.
pub fn statement_spans(text: &str) -> Vec<(Position, Position)> {
    let mut cursor = Cursor {
        chars: text.chars().peekable(),
        line: 1,
        column: 1,
    };
    let mut spans = Vec::new();
    cursor.skip_whitespace();
    if cursor.next() != Some('{') {
        return spans;
    }
    loop {
        cursor.skip_whitespace();
        match cursor.next() {
            Some('"') => {}
            Some(',') => continue,
            _ => return spans,
        }
        let key = cursor.string();
        cursor.skip_whitespace();
        if cursor.next() != Some(':') {
            return spans;
        }
        cursor.skip_whitespace();
        let start = cursor.position();
        let Some(first) = cursor.next() else {
            return spans;
        };
        if key != "Statement" {
            cursor.skip_value(first);
            continue;
        }
        match first {
            '{' => {
                cursor.skip_value('{');
                spans.push((start, cursor.position()));
            }
            '[' => loop {
                cursor.skip_whitespace();
                let start = cursor.position();
                match cursor.next() {
                    Some('{') => {
                        cursor.skip_value('{');
                        spans.push((start, cursor.position()));
                    }
                    Some(',') => {}
                    Some(other @ ('"' | '[')) => cursor.skip_value(other),
                    _ => break,
                }
            },
            other => cursor.skip_value(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn finds_each_statement_of_an_array() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\"Sid\": \"a}\\\"b\", \"Effect\": \"Deny\", \"Action\": [\"s3:Get*\"], \"Resource\": \"*\"}\n  ]\n}";
        let spans = statement_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0], (at(4, 5), at(4, 59)));
        assert_eq!(spans[1].0, at(5, 5));
        assert_eq!(spans[1].1.line, 5);
    }

    #[test]
    fn a_single_statement_object_is_one_span() {
        let text = r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"Version":"2012-10-17"}"#;
        assert_eq!(statement_spans(text), vec![(at(1, 14), at(1, 60))]);
    }
}

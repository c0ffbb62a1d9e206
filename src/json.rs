//! JSON skeleton analysis (is this template JSON, and where does each tag stand?) and JSON
//! escaping.
//!
//! The analysis runs a small JSON automaton over the template's literal text, treating each tag
//! as a placeholder: a tag inside a string continues the string; a tag where a value is
//! expected is a whole value; a tag anywhere else means the template is not JSON.

/// Where a tag stands in a JSON template, or that the template is text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// Not a JSON template: values print as KDG prints them.
    Text,
    /// Inside a JSON string (key or value): the value's text, JSON-escaped.
    InString,
    /// Where a JSON value is expected: the value as JSON.
    Value,
}

/// One piece of a template as the analysis sees it.
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Tag,
}

/// Why a template is not JSON: the piece and the byte inside it where the automaton stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub piece: usize,
    pub byte: usize,
    pub message: &'static str,
}

/// The message of a fault that is a limit, not a JSON error.
pub(crate) const TOO_DEEP: &str = "JSON nested too deeply";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// A value is expected (top level, after `:`, after `[` or `,` in an array).
    Value,
    /// After `[`: a value or `]`.
    ValueOrClose,
    /// After `{`: a key or `}`.
    KeyOrClose,
    /// After `,` in an object: a key.
    Key,
    Colon,
    /// After a value: `,` or the container's closer (or the end at top level).
    After,
    Str {
        key: bool,
        escape: bool,
    },
    /// Inside `\uXXXX`: hex digits still to come, the value so far, and whether this escape
    /// must be the low half of a surrogate pair.
    Unicode {
        key: bool,
        left: u8,
        value: u16,
        low: bool,
    },
    /// After a high surrogate escape: `\` (stage 0) then `u` (stage 1) of its low half must
    /// follow, as JSON readers refuse lone surrogates.
    Surrogate {
        key: bool,
        stage: u8,
    },
    Number(NumState),
    Word {
        rest: &'static [u8],
    },
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumState {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    Exp,
    ExpSign,
    ExpDigits,
}

impl NumState {
    fn complete(self) -> bool {
        matches!(
            self,
            NumState::Zero | NumState::Int | NumState::Frac | NumState::ExpDigits
        )
    }

    fn next(self, b: u8) -> Option<NumState> {
        use NumState::*;
        Some(match (self, b) {
            (Minus, b'0') => Zero,
            (Minus, b'1'..=b'9') => Int,
            (Int, b'0'..=b'9') => Int,
            (Zero | Int, b'.') => Dot,
            (Dot | Frac, b'0'..=b'9') => Frac,
            (Zero | Int | Frac, b'e' | b'E') => Exp,
            (Exp, b'+' | b'-') => ExpSign,
            (Exp | ExpSign | ExpDigits, b'0'..=b'9') => ExpDigits,
            _ => return None,
        })
    }
}

struct Automaton {
    stack: Vec<Container>,
    state: State,
    max_depth: usize,
    magnitude: Magnitude,
}

/// The decimal exponent of the number being read, tracked without storing its digits: serde_json
/// (like most JSON readers) refuses numbers outside `f64`'s range, so JSON that is to be read
/// back keeps its numbers below 1e308.
#[derive(Clone, Copy, Debug, Default)]
struct Magnitude {
    /// Significant digits before the point (leading zeros excluded).
    int_digits: i64,
    /// Zeros after the point before the first significant digit, when the integer part is 0.
    frac_zeros: i64,
    significant: bool,
    in_fraction: bool,
    exp: i64,
    exp_negative: bool,
}

impl Magnitude {
    fn digit(&mut self, state: NumState, b: u8) {
        match state {
            NumState::Int | NumState::Zero if self.significant || b != b'0' => {
                self.significant = true;
                self.int_digits = self.int_digits.saturating_add(1);
            }
            NumState::Frac if !self.significant => {
                if b == b'0' {
                    self.frac_zeros = self.frac_zeros.saturating_add(1);
                } else {
                    self.significant = true;
                    self.in_fraction = true;
                }
            }
            NumState::ExpSign => self.exp_negative = b == b'-',
            NumState::ExpDigits => {
                self.exp = self
                    .exp
                    .saturating_mul(10)
                    .saturating_add(i64::from(b - b'0'));
            }
            _ => {}
        }
    }

    /// Whether the number is below 1e308 in magnitude (zero and tiny numbers are fine).
    fn in_range(&self) -> bool {
        if !self.significant {
            return true;
        }
        let lead = if self.in_fraction {
            -(self.frac_zeros + 1)
        } else {
            self.int_digits - 1
        };
        let exp = if self.exp_negative {
            -self.exp
        } else {
            self.exp
        };
        lead.saturating_add(exp) < 308
    }
}

impl Automaton {
    fn new(max_depth: usize) -> Self {
        Automaton {
            stack: Vec::new(),
            state: State::Value,
            max_depth,
            magnitude: Magnitude::default(),
        }
    }

    fn after_value(&mut self) {
        self.state = if self.stack.is_empty() {
            State::Done
        } else {
            State::After
        };
    }

    /// Feeds one byte; `Err` names the fault.
    fn byte(&mut self, b: u8) -> Result<(), &'static str> {
        let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        match self.state {
            State::Str { key, escape: true } => {
                self.state = match b {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                        State::Str { key, escape: false }
                    }
                    b'u' => State::Unicode {
                        key,
                        left: 4,
                        value: 0,
                        low: false,
                    },
                    _ => return Err("invalid escape sequence in a JSON string"),
                };
                return Ok(());
            }
            State::Str { key, escape: false } => {
                match b {
                    b'"' if key => self.state = State::Colon,
                    b'"' => self.after_value(),
                    b'\\' => self.state = State::Str { key, escape: true },
                    // Line breaks never reach here unless newlines are kept, and then they break
                    // the string like any control character.
                    0..=0x1f => return Err("control character in a JSON string"),
                    _ => {}
                }
                return Ok(());
            }
            State::Unicode {
                key,
                left,
                value,
                low,
            } => {
                let digit = match b {
                    b'0'..=b'9' => b - b'0',
                    b'a'..=b'f' => b - b'a' + 10,
                    b'A'..=b'F' => b - b'A' + 10,
                    _ => return Err("invalid \\u escape in a JSON string"),
                };
                let value = value << 4 | u16::from(digit);
                if left > 1 {
                    self.state = State::Unicode {
                        key,
                        left: left - 1,
                        value,
                        low,
                    };
                    return Ok(());
                }
                let is_low = (0xDC00..0xE000).contains(&value);
                self.state = match (low, (0xD800..0xDC00).contains(&value), is_low) {
                    (false, true, _) => State::Surrogate { key, stage: 0 },
                    (false, false, false) | (true, _, true) => State::Str { key, escape: false },
                    _ => return Err("lone surrogate in a \\u escape"),
                };
                return Ok(());
            }
            State::Surrogate { key, stage } => {
                self.state = match (stage, b) {
                    (0, b'\\') => State::Surrogate { key, stage: 1 },
                    (1, b'u') => State::Unicode {
                        key,
                        left: 4,
                        value: 0,
                        low: true,
                    },
                    _ => return Err("lone surrogate in a \\u escape"),
                };
                return Ok(());
            }
            State::Number(n) => {
                if let Some(next) = n.next(b) {
                    self.magnitude.digit(next, b);
                    self.state = State::Number(next);
                    return Ok(());
                }
                self.end_number(n)?;
                return self.byte(b);
            }
            State::Word { rest } => {
                if rest.first() != Some(&b) {
                    return Err("expected `true`, `false` or `null`");
                }
                if rest.len() == 1 {
                    self.after_value();
                } else {
                    self.state = State::Word { rest: &rest[1..] };
                }
                return Ok(());
            }
            _ if ws => return Ok(()),
            _ => {}
        }
        match (self.state, b) {
            (State::Value | State::ValueOrClose, _) | (State::KeyOrClose | State::Key, b'"') => {
                if self.state == State::ValueOrClose && b == b']' {
                    self.stack.pop();
                    self.after_value();
                    return Ok(());
                }
                self.value_start(b)
            }
            (State::KeyOrClose, b'}') => {
                self.stack.pop();
                self.after_value();
                Ok(())
            }
            (State::KeyOrClose | State::Key, _) => Err("expected a quoted key"),
            (State::Colon, b':') => {
                self.state = State::Value;
                Ok(())
            }
            (State::Colon, _) => Err("expected `:` after a key"),
            (State::After, b',') => {
                self.state = match self.stack.last() {
                    Some(Container::Object) => State::Key,
                    _ => State::Value,
                };
                Ok(())
            }
            (State::After, b'}') if self.stack.last() == Some(&Container::Object) => {
                self.stack.pop();
                self.after_value();
                Ok(())
            }
            (State::After, b']') if self.stack.last() == Some(&Container::Array) => {
                self.stack.pop();
                self.after_value();
                Ok(())
            }
            (State::After, _) => Err(match self.stack.last() {
                Some(Container::Object) => "expected `,` or `}`",
                _ => "expected `,` or `]`",
            }),
            (State::Done, _) => Err("text after the end of the JSON value"),
            _ => Err("unexpected character"),
        }
    }

    fn value_start(&mut self, b: u8) -> Result<(), &'static str> {
        let key = matches!(self.state, State::KeyOrClose | State::Key);
        self.state = match b {
            b'"' => State::Str { key, escape: false },
            b'{' | b'[' => {
                if self.stack.len() >= self.max_depth {
                    return Err(TOO_DEEP);
                }
                if b == b'{' {
                    self.stack.push(Container::Object);
                    State::KeyOrClose
                } else {
                    self.stack.push(Container::Array);
                    State::ValueOrClose
                }
            }
            b'-' | b'0'..=b'9' => {
                self.magnitude = Magnitude::default();
                let state = match b {
                    b'-' => NumState::Minus,
                    b'0' => NumState::Zero,
                    _ => NumState::Int,
                };
                self.magnitude.digit(state, b);
                State::Number(state)
            }
            b't' => State::Word { rest: b"rue" },
            b'f' => State::Word { rest: b"alse" },
            b'n' => State::Word { rest: b"ull" },
            _ => return Err("expected a JSON value"),
        };
        Ok(())
    }

    /// A tag arrives: its context, or the fault.
    fn tag(&mut self) -> Result<Context, &'static str> {
        match self.state {
            State::Str { escape: false, .. } => Ok(Context::InString),
            State::Str { escape: true, .. } | State::Unicode { .. } | State::Surrogate { .. } => {
                Err("a tag inside an escape sequence")
            }
            State::Value | State::ValueOrClose => {
                self.after_value();
                Ok(Context::Value)
            }
            State::KeyOrClose | State::Key => {
                Err("a tag in place of an object key: put it in quotes")
            }
            _ => Err("a tag where no JSON value can stand"),
        }
    }

    fn end_number(&mut self, n: NumState) -> Result<(), &'static str> {
        if !n.complete() {
            return Err("malformed number");
        }
        if !self.magnitude.in_range() {
            return Err("number too large for JSON readers (1e308 or more)");
        }
        self.after_value();
        Ok(())
    }

    fn finish(&mut self) -> Result<(), &'static str> {
        if let State::Number(n) = self.state {
            if self.stack.is_empty() {
                self.end_number(n)?;
            }
        }
        match self.state {
            State::Done => Ok(()),
            State::Str { .. } | State::Unicode { .. } | State::Surrogate { .. } => {
                Err("unterminated JSON string")
            }
            _ if !self.stack.is_empty() => Err("unclosed JSON object or array"),
            _ => Err("incomplete JSON value"),
        }
    }
}

/// Decides the context of every tag, or reports the first fault.
pub(crate) fn analyze(pieces: &[Piece<'_>], max_depth: usize) -> Result<Vec<Context>, Fault> {
    let mut a = Automaton::new(max_depth);
    let mut contexts = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(text) => {
                for (byte, &b) in text.as_bytes().iter().enumerate() {
                    a.byte(b).map_err(|message| Fault {
                        piece: k,
                        byte,
                        message,
                    })?;
                }
            }
            Piece::Tag => contexts.push(a.tag().map_err(|message| Fault {
                piece: k,
                byte: 0,
                message,
            })?),
        }
    }
    let end = pieces.len().saturating_sub(1);
    let end_byte = match pieces.last() {
        Some(Piece::Text(t)) => t.len(),
        _ => 0,
    };
    a.finish().map_err(|message| Fault {
        piece: end,
        byte: end_byte,
        message,
    })?;
    Ok(contexts)
}

/// Whether `s` is exactly one complete JSON value (surrounding whitespace allowed).
pub(crate) fn is_json_value(s: &str) -> bool {
    let mut a = Automaton::new(128);
    s.bytes().all(|b| a.byte(b).is_ok()) && a.finish().is_ok()
}

/// Whether `s` would change under JSON string escaping.
#[inline]
pub(crate) fn needs_escape(s: &str) -> bool {
    s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20)
}

/// Appends `s` JSON-escaped (without quotes).
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends `s` as a quoted JSON string.
pub(crate) fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    escape_into(out, s);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pieces: &[Piece<'_>]) -> Result<Vec<Context>, Fault> {
        analyze(pieces, 64)
    }

    #[test]
    fn contexts() {
        use Piece::*;
        assert_eq!(
            ctx(&[Text("{\"a\":\""), Tag, Text("\",\"b\":"), Tag, Text("}")]),
            Ok(vec![Context::InString, Context::Value])
        );
        assert_eq!(
            ctx(&[Text("[1,"), Tag, Text(",\"x"), Tag, Text("y\"]")]),
            Ok(vec![Context::Value, Context::InString])
        );
        assert_eq!(ctx(&[Tag]), Ok(vec![Context::Value]));
        assert!(ctx(&[Text("{"), Tag, Text(":1}")]).is_err());
        assert!(ctx(&[Text("{\"a\":12"), Tag, Text("}")]).is_err());
        assert!(ctx(&[Text("{\"a\":"), Tag, Tag, Text("}")]).is_err());
        assert_eq!(
            ctx(&[Text("{\"a\":1,}")]),
            Err(Fault {
                piece: 0,
                byte: 7,
                message: "expected a quoted key"
            })
        );
    }

    #[test]
    fn values() {
        for ok in [
            "1",
            "-0.5e+3",
            "\"x\\u00e9\"",
            "[]",
            "{}",
            " true ",
            "[null,{\"a\":[1]}]",
        ] {
            assert!(is_json_value(ok), "{ok}");
        }
        // Numbers stay within what serde_json (and f64) can read.
        for ok in [
            "1e307",
            "9.99e307",
            "0.000001e310",
            "1e-400",
            "123e305",
            "0.0",
            "-0",
        ] {
            assert!(is_json_value(ok), "{ok}");
            assert!(
                serde_json::from_str::<serde_json::Value>(ok).is_ok(),
                "{ok}"
            );
        }
        // Surrogate escapes come in pairs, as serde_json requires.
        assert!(is_json_value(r#""\ud83d\ude00""#));
        for lone in [
            r#""\uda00""#,
            r#""\uda00x""#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
        ] {
            assert!(!is_json_value(lone), "{lone}");
            assert!(
                serde_json::from_str::<serde_json::Value>(lone).is_err(),
                "{lone}"
            );
        }
        for big in [
            "1e308",
            "2E22222",
            "-1e999",
            "1000e306",
            "[1e400]",
            "12345678901e300",
        ] {
            assert!(!is_json_value(big), "{big}");
        }
        for bad in [
            "", "01", "1.", "tru", "\"", "[1,]", "{\"a\"}", "1 2", "'x'", "NaN",
        ] {
            assert!(!is_json_value(bad), "{bad}");
        }
    }

    #[test]
    fn escaping() {
        let mut s = String::new();
        quote_into(&mut s, "a\"b\\c\nd\u{1}é");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd\\u0001é\"");
        assert!(!needs_escape("O'Keefe"));
        assert!(needs_escape("tab\t"));
    }
}

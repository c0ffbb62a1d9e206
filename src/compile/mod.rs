//! The compiler: AST → [`Program`], a flat list of literal slices and resolved calls.
//!
//! Everything that can be decided once is decided here: which function each tag calls, its
//! decoded and checked arguments, whether the template is JSON and where each tag stands in it,
//! and the printed forms of constant data. A program that compiled cannot fail to render.

mod clock;
mod expr;

pub(crate) use clock::Clock;

use crate::error::{Error, ErrorKind, Span, Warning, WarningKind, shorten};
use crate::eval::{Code, Printer};
use crate::functions::{self, ArgLimits, CallCx, Func, Hot, Lookup, Shape};
use crate::json::{self, Context, Piece};
use crate::options::{Delimiters, Escape, Options};
use crate::syntax::ast::{Arg, Call, Ex, ExKind, Expr, Ident, Node, Tag};
use crate::syntax::{self, Config};
use crate::value;

/// What the render loop does after a call has appended its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Post {
    /// Nothing: the value is already right for its context.
    None,
    /// JSON-escape the value if it needs it (inside a JSON string).
    Escape,
    /// Keep the value if it is a complete JSON value, else quote and escape it.
    JsonValue,
}

#[derive(Debug)]
pub(crate) enum Op {
    /// Literal text, cleaned, escapes resolved, printed constants included. Its own `Box<str>`
    /// rather than a range of one string: slicing a `str` checks character boundaries on every
    /// record.
    Lit(Box<str>),
    /// A call the render loop runs itself (nothing to post-process).
    Hot(Hot),
    Call(Func, Post),
    /// `set`: evaluates into slot `.0`.
    Set(u32, Code),
    /// A v2 expression, printed for its context.
    Print(Code, Context),
    /// Literal text and record times, formatted together once per minute and second.
    Clock(Clock),
    /// Literal text, then a whole number in `.1..=.2`: the text before each of a row of
    /// `random.number` tags is not an op of its own.
    LitInt(Box<str>, i64, i64),
}

/// A compiled template.
#[derive(Debug, Default)]
pub(crate) struct Program {
    pub ops: Vec<Op>,
    /// Whether records are JSON.
    pub json: bool,
    /// Number of [`TextCache`](crate::functions::TextCache) slots the calls use.
    pub caches: u32,
    /// An upper bound on the bytes of one record.
    pub max_record_bytes: usize,
    /// Slots of the names `set` binds (language v2).
    pub slots: u32,
    /// How date values print (language v2); printer 0 is ISO 8601 in UTC.
    pub printers: Vec<Printer>,
    /// The names `set` binds, for key templates that read them.
    pub names: Vec<expr::Export>,
    /// The data sets the template may read, by name (a key template has its record's).
    pub data: Vec<(String, std::sync::Arc<crate::DataSet>)>,
}

impl Program {
    /// The ops one by one, with each [`Op::Clock`] opened into the ops it fused: the order in
    /// which a record rendered with marks reports them.
    pub(crate) fn units(&self) -> impl Iterator<Item = &Op> {
        self.ops.iter().flat_map(|op| match op {
            Op::Clock(clock) => &clock.parts[..],
            other => std::slice::from_ref(other),
        })
    }

    fn push_call(&mut self, func: Func, post: Post) {
        let bound = match post {
            Post::None => func.max_len(),
            // `\u00XX` is six bytes for one; a quoted value adds two.
            Post::Escape => func.max_len().saturating_mul(6),
            Post::JsonValue => func.max_len().saturating_mul(6).saturating_add(2),
        };
        self.max_record_bytes = self.max_record_bytes.saturating_add(bound);
        let op = match post {
            Post::None => func.hot().map_or_else(|func| Op::Call(func, post), Op::Hot),
            _ => Op::Call(func, post),
        };
        self.ops.push(op);
    }

    /// Joins literal text into the constant choices next to it: `"state":"` + a pick of 50
    /// states + `"}` becomes one pick of 50 whole pieces. A record is many short copies, and
    /// this halves their number for templates like sakila; the draws are unchanged. A whole
    /// number takes the text before it into one op ([`Op::LitInt`]).
    fn fuse_literals(&mut self) {
        /// Static tables longer than this keep their `&'static str`s rather than being copied.
        const MAX_TABLE: usize = 256;
        let ops = std::mem::take(&mut self.ops);
        let mut fused: Vec<Op> = Vec::with_capacity(ops.len());
        let mut ops = ops.into_iter().peekable();
        while let Some(op) = ops.next() {
            let hot = match op {
                Op::Hot(Hot::Int(lo, hi)) => {
                    match fused.pop() {
                        Some(Op::Lit(text)) => fused.push(Op::LitInt(text, lo, hi)),
                        other => {
                            fused.extend(other);
                            fused.push(Op::Hot(Hot::Int(lo, hi)));
                        }
                    }
                    continue;
                }
                Op::Hot(hot) => hot,
                other => {
                    fused.push(other);
                    continue;
                }
            };
            let hot = match hot {
                Hot::Table(items) if items.len() <= MAX_TABLE => {
                    Hot::Choice(items.iter().map(|s| Box::from(*s)).collect())
                }
                other => other,
            };
            let (Hot::Choice(items) | Hot::Weighted(_, items)) = &hot else {
                fused.push(Op::Hot(hot));
                continue;
            };
            let prefix = match fused.pop() {
                Some(Op::Lit(text)) => text,
                other => {
                    fused.extend(other);
                    Box::default()
                }
            };
            let suffix = match ops.next_if(|op| matches!(op, Op::Lit(_))) {
                Some(Op::Lit(text)) => text,
                _ => Box::default(),
            };
            let joined: Box<[Box<str>]> = items
                .iter()
                .map(|item| [&*prefix, &**item, &*suffix].concat().into_boxed_str())
                .collect();
            fused.push(Op::Hot(match hot {
                Hot::Weighted(table, _) => Hot::Weighted(table, joined),
                _ => Hot::Choice(joined),
            }));
        }
        self.ops = fused;
    }

    /// A v2 value printed for `ctx`.
    fn push_print(&mut self, t: expr::Typed, ctx: Context) {
        self.max_record_bytes = self
            .max_record_bytes
            .saturating_add(expr::printed_len(t.ty, t.max_len, ctx));
        self.ops.push(Op::Print(t.code, ctx));
    }

    fn push_lit(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.max_record_bytes = self.max_record_bytes.saturating_add(text.len());
        match self.ops.last_mut() {
            Some(Op::Lit(lit)) => *lit = [&**lit, text].concat().into_boxed_str(),
            _ => self.ops.push(Op::Lit(text.into())),
        }
    }
}

/// Compiles `src`; warnings are appended to `warnings`.
pub(crate) fn compile(
    src: &str,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<Program, Error> {
    compile_in(src, options, None, warnings)
}

/// Compiles `src` where the names a record's program binds are visible (a key template of
/// that record): they read the record's slots.
pub(crate) fn compile_key(
    src: &str,
    options: &Options,
    record: &Program,
    warnings: &mut Vec<Warning>,
) -> Result<Program, Error> {
    compile_in(src, options, Some(record), warnings)
}

fn compile_in(
    src: &str,
    options: &Options,
    record: Option<&Program>,
    warnings: &mut Vec<Warning>,
) -> Result<Program, Error> {
    let limits = &options.limits;
    let name = options.name.as_deref();
    if src.len() > limits.template_bytes {
        let at = limits.template_bytes;
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "template is {} bytes, more than the limit of {}",
                src.len(),
                limits.template_bytes
            ),
        )
        .locate(src, Span::new(at, at + 1)));
    }
    let parsed = syntax::parse(
        src,
        &Config {
            delimiters: options.delimiters,
            keep_newlines: options.keep_newlines,
            max_depth: limits.depth,
            max_items: limits.argument_items,
            max_string_bytes: limits.argument_bytes,
            max_tags: limits.tags,
        },
    )?;
    for (kind, message, span) in parsed.warnings {
        warnings.push(Warning::new(kind, message, src, span, name));
    }
    let mut nodes = parsed.ast.nodes;
    if options.keep_newlines {
        drop_statement_lines(&mut nodes);
    }
    let nodes = &nodes;
    let contexts = contexts(src, nodes, options, warnings)?;
    let mut program = Program {
        ops: Vec::new(),
        json: contexts.is_some(),
        caches: 0,
        max_record_bytes: 0,
        slots: 0,
        printers: Vec::new(),
        names: Vec::new(),
        data: Vec::new(),
    };
    let data = record.map_or_else(|| options.data.0.clone(), |r| r.data.clone());
    for (name, set) in &data {
        if set.source_bytes() > options.limits.data_bytes {
            return Err(Error::new(
                ErrorKind::Limit,
                format!(
                    "data set `{}` is {} bytes, more than Limits::data_bytes ({})",
                    shorten(name),
                    set.source_bytes(),
                    options.limits.data_bytes
                ),
            ));
        }
    }
    let caches = std::cell::Cell::new(0);
    let mut scope = expr::Scope::new(
        &data,
        nodes
            .iter()
            .filter_map(|n| match n {
                Node::Tag(Tag {
                    expr: Expr::Set { name, .. },
                    ..
                }) => Some((name.name, name.span)),
                _ => None,
            })
            .collect(),
    );
    if let Some(record) = record {
        scope.import(&record.names, &record.printers);
    }
    let mut tag_index = 0;
    for node in nodes {
        match node {
            Node::Text { text, .. } => program.push_lit(text),
            Node::Tag(tag) => {
                let is_set = matches!(tag.expr, Expr::Set { .. });
                let ctx = match &contexts {
                    Some(c) if !is_set => c[tag_index],
                    _ => Context::Text,
                };
                if !is_set {
                    tag_index += 1;
                }
                let site = CallSite {
                    src,
                    ctx,
                    options,
                    caches: &caches,
                };
                match &tag.expr {
                    Expr::Literal(arg) => program.push_lit(&value::print_for(arg, ctx)),
                    Expr::Call(call) => match v2_form(call, &scope) {
                        None => compile_call(&site, call, &mut program, warnings)?,
                        Some(ex) => {
                            // The arguments are expressions after all, not a bare word.
                            warnings.retain(|w| {
                                w.kind() != WarningKind::BareWordArgument
                                    || !(tag.span.start..tag.span.end).contains(&w.span().start)
                            });
                            let t = expr::compile_ex(&site, &mut scope, &ex, warnings)?;
                            program.push_print(t, ctx);
                        }
                    },
                    Expr::V2(ex) => {
                        let t = expr::compile_ex(&site, &mut scope, ex, warnings)?;
                        program.push_print(t, ctx);
                    }
                    Expr::Set { name, value } => {
                        let (slot, t) =
                            expr::compile_set(&site, &mut scope, name, value, warnings)?;
                        program.ops.push(Op::Set(slot, t.code));
                    }
                }
                if program.max_record_bytes > options.limits.record_bytes {
                    return Err(Error::at(
                        ErrorKind::Limit,
                        format!(
                            "records could reach more than {} bytes here (raise Options::limits)",
                            options.limits.record_bytes
                        ),
                        src,
                        tag.span,
                    ));
                }
            }
        }
    }
    program.caches = caches.get();
    program.slots = scope.slots();
    program.names = scope.exports();
    program.printers = scope.printers;
    program.data = data;
    program.ops = clock::fuse(std::mem::take(&mut program.ops), &mut program.caches);
    program.fuse_literals();
    Ok(program)
}

/// The v2 form of a tag that reads as a KDG call, when it is not one: a name `set` binds
/// (`{{ qty }}`), a v2 function (`{{ record.index }}`), or a bare-word argument list that
/// is really expressions over bound names or calls (`math.max(a, b)`).
fn v2_form<'s>(call: &Call<'s>, scope: &expr::Scope<'s>) -> Option<Ex<'s>> {
    let first = call.path[0].name;
    let dotted = call.name();
    let bound_name = scope.is_set_anywhere(first);
    let v2_function = functions::v2::is_v2(&dotted);
    let args = match &call.args {
        None => None,
        Some(args) => {
            let expressions = args.v2.as_ref().filter(|items| {
                let mut computed = false;
                for item in items.iter() {
                    item.walk(&mut |e| {
                        if let ExKind::Path { path, args } = &e.kind {
                            computed |= args.is_some() || scope.is_set_anywhere(path[0].name);
                        }
                    });
                }
                computed || v2_function
            });
            match expressions {
                Some(items) => Some(items.clone()),
                None if bound_name || v2_function => {
                    Some(args.items.iter().map(Ex::from_arg).collect())
                }
                None => return None,
            }
        }
    };
    let bare_word_expressions = call.args.as_ref().is_some_and(|a| a.bare_word) && args.is_some();
    // In a template that binds names, a lone word is a name (an unknown one is reported as such).
    let lone_name = call.path.len() == 1 && call.args.is_none() && scope.slots_planned() > 0;
    if !(bound_name || v2_function || bare_word_expressions || lone_name) {
        return None;
    }
    let end = call.args.as_ref().map_or(call.span.end, |a| a.span.end);
    Some(Ex {
        kind: ExKind::Path {
            path: call.path.clone(),
            args,
        },
        span: Span::new(call.span.start as usize, end as usize),
    })
}

/// What every call in a template shares.
struct CallSite<'a> {
    src: &'a str,
    ctx: Context,
    options: &'a Options,
    caches: &'a std::cell::Cell<u32>,
}

impl CallSite<'_> {
    /// Runs `f` on the [`CallCx`] of a call of `def` here; the notes it makes about its
    /// arguments become warnings.
    fn with_call<T>(
        &self,
        def: &'static functions::FnDef,
        args: &[Arg<'_>],
        span: Span,
        warnings: &mut Vec<Warning>,
        f: impl FnOnce(&CallCx<'_, '_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let notes = std::cell::RefCell::new(Vec::new());
        let out = f(&CallCx {
            src: self.src,
            def,
            args,
            span,
            ctx: self.ctx,
            limits: ArgLimits {
                max_count: self.options.limits.count,
                record_bytes: self.options.limits.record_bytes,
            },
            caches: self.caches,
            notes: &notes,
        })?;
        for (at, message) in notes.into_inner() {
            warnings.push(Warning::new(
                WarningKind::PrintedAsIs,
                message,
                self.src,
                at,
                self.options.name.as_deref(),
            ));
        }
        Ok(out)
    }
}

fn compile_call(
    site: &CallSite<'_>,
    call: &Call<'_>,
    program: &mut Program,
    warnings: &mut Vec<Warning>,
) -> Result<(), Error> {
    let (args, span) = match &call.args {
        Some(a) => (
            a.items.as_slice(),
            Span::new(call.span.start as usize, a.span.end as usize),
        ),
        None => (&[][..], call.span),
    };
    let (func, shape) = kdg_call(site, &call.path, call.span, args, span, warnings)?;
    let post = match (site.ctx, shape) {
        (Context::Text, _) | (_, Shape::Printed | Shape::Number) => Post::None,
        (Context::InString, Shape::Plain | Shape::Unescaped) => Post::None,
        (Context::InString, Shape::Text) => Post::Escape,
        (Context::Value, Shape::Plain) => {
            // Never a JSON value and never escaped: the quotes are literal text.
            program.push_lit("\"");
            program.push_call(func, Post::None);
            program.push_lit("\"");
            return Ok(());
        }
        (Context::Value, Shape::Unescaped | Shape::Text) => Post::JsonValue,
    };
    match func {
        Func::Const(text) if post == Post::None => program.push_lit(&text),
        func => program.push_call(func, post),
    }
    Ok(())
}

/// Resolves a KDG call (a user's function or the catalogue's) with literal arguments, for the
/// tag's context; `path_span` is the dotted name's, `span` the whole call's.
fn kdg_call(
    site: &CallSite<'_>,
    path: &[Ident<'_>],
    path_span: Span,
    args: &[Arg<'_>],
    span: Span,
    warnings: &mut Vec<Warning>,
) -> Result<(Func, Shape), Error> {
    let CallSite { src, options, .. } = *site;
    let dotted: String = path.iter().map(|i| i.name).collect::<Vec<_>>().join(".");
    if let Some(f) = options.functions.iter().find(|f| f.name == dotted) {
        let values: Vec<serde_json::Value> = args.iter().map(|a| value::to_json(&a.kind)).collect();
        let render = (f.check)(&values).map_err(|e| {
            let at = e
                .argument
                .and_then(|i| args.get(i))
                .map_or(span, |a| a.span);
            Error::at(ErrorKind::BadArgument, e.message, src, at)
        })?;
        let max_len = render.max_len();
        // Nothing is known about a user's output: escaped in strings, checked in values.
        return Ok((Func::Custom(render, max_len), Shape::Text));
    }
    let unknown = |kind, what: String| {
        let hint = functions::suggest(&dotted)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        Error::at(kind, format!("{what}{hint}"), src, path_span)
    };
    let (ns, method) = match path {
        [ns, method, ..] => (ns.name, method.name),
        [only] => {
            // A KDG template without `{{` keeps its `<<MARKERS>>` as text only with braces.
            let angles = options.delimiters == Delimiters::Auto && !src.contains("{{");
            let hint = if angles {
                "; this template has no `{{`, so `<< >>` are its tags (Delimiters::Braces keeps `<<…>>` as text)"
            } else {
                ""
            };
            return Err(unknown(
                ErrorKind::UnknownFunction,
                format!(
                    "`{}` is not a function: write `namespace.function`, e.g. `random.number`{hint}",
                    shorten(only.name)
                ),
            ));
        }
        [] => unreachable!("the parser always reads at least one name"),
    };
    if let [first, second, third, ..] = path {
        let extra = Span::new(third.span.start as usize, path_span.end as usize);
        warnings.push(Warning::new(
            WarningKind::ExtraPathSegments,
            format!(
                "`{}` after `{}.{}` is ignored, as KDG ignores it",
                shorten(&src[extra.range()]),
                shorten(first.name),
                shorten(second.name)
            ),
            src,
            extra,
            options.name.as_deref(),
        ));
    }
    // KDG's legacy alias; fakeplate rewrites every occurrence, KDG only the first.
    let (ns, method) = if (ns, method) == ("current", "timestamp") {
        ("date", "now")
    } else {
        (ns, method)
    };
    if ns == "faker" {
        return Err(unknown(
            ErrorKind::UnknownNamespace,
            format!(
                "`faker.{}` is not a function: write `faker.namespace.function` or `namespace.function`",
                shorten(method)
            ),
        ));
    }
    let def = match functions::lookup(ns, method) {
        Lookup::Found(def) => def,
        Lookup::UnknownNamespace => {
            return Err(unknown(
                ErrorKind::UnknownNamespace,
                format!("unknown namespace `{}`", shorten(ns)),
            ));
        }
        Lookup::UnknownFunction => {
            return Err(unknown(
                ErrorKind::UnknownFunction,
                format!("unknown function `{}`", shorten(&format!("{ns}.{method}"))),
            ));
        }
    };
    let compiled = site.with_call(def, args, span, warnings, |cx| (def.compile)(cx))?;
    Ok((compiled.func, compiled.shape))
}

/// With newlines kept, a line that holds only `set` tags and blanks disappears whole, so that
/// statements at the top of a template leave no empty lines in its records.
fn drop_statement_lines(nodes: &mut [Node<'_>]) {
    let is_blank = |t: &str| t.chars().all(|c| c == ' ' || c == '\t');
    let is_set = |n: &Node<'_>| {
        matches!(
            n,
            Node::Tag(Tag {
                expr: Expr::Set { .. },
                ..
            })
        )
    };
    // Whether each node's original text lets a statement line start right after it.
    let ends_line: Vec<bool> = nodes
        .iter()
        .map(|n| match n {
            Node::Text { text, .. } => text.rfind('\n').is_some_and(|k| is_blank(&text[k + 1..])),
            Node::Tag(_) => false,
        })
        .collect();
    let mut i = 0;
    while i < nodes.len() {
        if !is_set(&nodes[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < nodes.len()
            && (is_set(&nodes[j]) || matches!(&nodes[j], Node::Text { text, .. } if is_blank(text)))
        {
            j += 1;
        }
        let starts_line = i == 0
            || ends_line[i - 1]
            || (i == 1 && matches!(&nodes[0], Node::Text { text, .. } if is_blank(text)));
        let ends = match nodes.get(j) {
            None => true,
            Some(Node::Text { text, .. }) => {
                let rest = text.trim_start_matches([' ', '\t']);
                rest.starts_with('\n') || rest.starts_with("\r\n")
            }
            Some(Node::Tag(_)) => false,
        };
        if starts_line && ends {
            if let Some(Node::Text { text, .. }) = i.checked_sub(1).map(|k| &mut nodes[k]) {
                match text.rfind('\n') {
                    Some(k) => text.to_mut().truncate(k + 1),
                    // Its line break went with the statement line before it.
                    None if is_blank(text) => *text = std::borrow::Cow::Borrowed(""),
                    None => {}
                }
            }
            for node in &mut nodes[i..j] {
                if let Node::Text { text, .. } = node {
                    *text = std::borrow::Cow::Borrowed("");
                }
            }
            if let Some(Node::Text { text, .. }) = nodes.get_mut(j) {
                let rest = text.trim_start_matches([' ', '\t']);
                let drop = text.len() - rest.len() + if rest.starts_with('\n') { 1 } else { 2 };
                *text = match std::mem::take(text) {
                    std::borrow::Cow::Borrowed(t) => std::borrow::Cow::Borrowed(&t[drop..]),
                    std::borrow::Cow::Owned(t) => std::borrow::Cow::Owned(t[drop..].to_string()),
                };
            }
        }
        i = j;
    }
}

/// The JSON context of every tag, or `None` for a text template.
fn contexts(
    src: &str,
    nodes: &[Node<'_>],
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Vec<Context>>, Error> {
    // `set` tags print nothing: the JSON is the text around them and the other tags.
    let mut piece_nodes = Vec::with_capacity(nodes.len());
    let pieces: Vec<Piece<'_>> = nodes
        .iter()
        .enumerate()
        .filter_map(|(k, n)| {
            let piece = match n {
                Node::Text { text, .. } => Piece::Text(text),
                Node::Tag(Tag {
                    expr: Expr::Set { .. },
                    ..
                }) => return None,
                Node::Tag(_) => Piece::Tag,
            };
            piece_nodes.push(k);
            Some(piece)
        })
        .collect();
    let starts_like_json = match pieces
        .iter()
        .find(|p| !matches!(p, Piece::Text(t) if t.trim_start().is_empty()))
    {
        Some(Piece::Text(text)) => text.trim_start().starts_with(['{', '[']),
        _ => false,
    };
    let fault = match options.escape {
        Escape::Text => return Ok(None),
        Escape::Auto if !starts_like_json => return Ok(None),
        _ => match json::analyze(&pieces, options.limits.depth) {
            Ok(contexts) => return Ok(Some(contexts)),
            Err(fault) => fault,
        },
    };
    let fault = json::Fault {
        piece: piece_nodes.get(fault.piece).copied().unwrap_or(nodes.len()),
        ..fault
    };
    let span = fault_span(src, nodes, fault);
    if fault.message == json::TOO_DEEP && options.escape == Escape::Json {
        return Err(Error::at(
            ErrorKind::Limit,
            format!(
                "JSON nested more than {} levels deep (raise Options::limits)",
                options.limits.depth
            ),
            src,
            span,
        ));
    }
    if options.escape == Escape::Json {
        return Err(Error::at(
            ErrorKind::NotJson,
            format!("template is not JSON: {}", fault.message),
            src,
            span,
        ));
    }
    let message = if fault.message == json::TOO_DEEP {
        format!(
            "template starts like JSON but nests more than {} levels deep (Options::limits); rendering it as text, without JSON escaping",
            options.limits.depth
        )
    } else {
        format!(
            "template starts like JSON but is not JSON ({}); rendering it as text, without JSON escaping",
            fault.message
        )
    };
    warnings.push(Warning::new(
        WarningKind::NotJson,
        message,
        src,
        span,
        options.name.as_deref(),
    ));
    Ok(None)
}

/// The source span of a JSON fault: the tag, or the byte of literal text.
fn fault_span(src: &str, nodes: &[Node<'_>], fault: json::Fault) -> Span {
    match nodes.get(fault.piece) {
        Some(Node::Tag(tag)) => tag.span,
        Some(Node::Text { text, span }) => {
            let at = source_offset(&src[span.range()], text, fault.byte) + span.start as usize;
            let len = src[at..].chars().next().map_or(0, char::len_utf8);
            Span::new(at, at + len)
        }
        None => Span::new(src.len(), src.len()),
    }
}

/// Maps byte `byte` of cleaned text back into its raw source. The cleaned text is a
/// subsequence of the raw text (line breaks and escaping backslashes removed), so walking both
/// in step finds it.
fn source_offset(raw: &str, cleaned: &str, byte: usize) -> usize {
    let mut r = raw.char_indices().peekable();
    for (k, c) in cleaned.char_indices() {
        while let Some(&(i, rc)) = r.peek() {
            if rc == c {
                if k >= byte {
                    return i;
                }
                r.next();
                break;
            }
            r.next();
        }
    }
    r.peek().map_or(raw.len(), |&(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(src: &str) -> Program {
        compile(src, &Options::default(), &mut Vec::new()).unwrap()
    }

    #[test]
    fn literals_fuse_into_neighbouring_choices() {
        let p = program(r#"{"a":"{{random.arrayElement(["x","y"])}}","b":{{random.number(9)}}}"#);
        // `{"a":"` + pick + `","b":` is one choice; the number and `}` stay apart.
        assert_eq!(p.ops.len(), 3, "{:?}", p.ops);
        match &p.ops[0] {
            Op::Hot(Hot::Choice(items)) => {
                assert_eq!(
                    &**items,
                    &[
                        Box::<str>::from(r#"{"a":"x","b":"#),
                        r#"{"a":"y","b":"#.into()
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
        // Each number takes the text before it.
        let p = program(r#"{"n":{{random.number(9)}},"m":{{random.number({"min":-5,"max":5})}}}"#);
        assert!(
            matches!(&p.ops[..], [Op::LitInt(a, 0, 9), Op::LitInt(b, -5, 5), Op::Lit(_)]
                if &**a == r#"{"n":"# && &**b == r#","m":"#),
            "{:?}",
            p.ops
        );
        // The time and the text before it are one op (`clock::fuse`).
        let sakila = program(include_str!("../../templates/sakila.tmpl"));
        assert_eq!(sakila.ops.len(), 6, "{:?}", sakila.ops);
    }

    #[test]
    fn text_before_a_number_changes_no_draw() {
        let numbers = r#"{{random.number(999999)}} {{random.number({"min":-50,"max":50})}}"#;
        let prefixed = r#"a{{random.number(999999)}} b{{random.number({"min":-50,"max":50})}}"#;
        let (plain, fused) = (
            crate::Template::compile(numbers).unwrap(),
            crate::Template::compile(prefixed).unwrap(),
        );
        let (mut plain, mut fused) = (plain.generator(9), fused.generator(9));
        for _ in 0..1000 {
            let (p, f) = (plain.next().unwrap(), fused.next().unwrap());
            let (x, y) = p.split_once(' ').unwrap();
            assert_eq!(f, format!("a{x} b{y}"));
        }
    }
}

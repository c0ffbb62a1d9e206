//! What KDG's own page cannot run: `fakeplate check --kdg`, for people who still paste
//! templates into KDG. The template is parsed as fakeplate parses it and every construct KDG
//! rejects or garbles is reported with its position (`reference/kdg-templates.md`).

use crate::error::{Error, Span, Warning, WarningKind};
use crate::options::Options;
use crate::syntax::ast::{Expr, Node};
use crate::syntax::{self, Config};

/// Every function KDG can call: faker.js 3.1.0's methods and KDG's additions.
const KDG_FUNCTIONS: &[&str] = &[
    "address.city",
    "address.cityPrefix",
    "address.citySuffix",
    "address.country",
    "address.countryCode",
    "address.county",
    "address.latitude",
    "address.longitude",
    "address.nearbyGPSCoordinate",
    "address.secondaryAddress",
    "address.state",
    "address.stateAbbr",
    "address.streetAddress",
    "address.streetName",
    "address.streetPrefix",
    "address.streetSuffix",
    "address.zipCode",
    "commerce.color",
    "commerce.department",
    "commerce.price",
    "commerce.product",
    "commerce.productAdjective",
    "commerce.productMaterial",
    "commerce.productName",
    "company.bs",
    "company.bsAdjective",
    "company.bsBuzz",
    "company.bsNoun",
    "company.catchPhrase",
    "company.catchPhraseAdjective",
    "company.catchPhraseDescriptor",
    "company.catchPhraseNoun",
    "company.companyName",
    "company.companySuffix",
    "company.suffixes",
    "date.between",
    "date.future",
    "date.month",
    "date.now",
    "date.past",
    "date.recent",
    "date.simTime",
    "date.utc",
    "date.weekday",
    "finance.account",
    "finance.accountName",
    "finance.amount",
    "finance.bitcoinAddress",
    "finance.currencyCode",
    "finance.currencyName",
    "finance.currencySymbol",
    "finance.mask",
    "finance.transactionType",
    "hacker.abbreviation",
    "hacker.adjective",
    "hacker.ingverb",
    "hacker.noun",
    "hacker.phrase",
    "hacker.verb",
    "helpers.contextualCard",
    "helpers.createCard",
    "helpers.createTransaction",
    "helpers.mustache",
    "helpers.randomize",
    "helpers.replaceSymbolWithNumber",
    "helpers.replaceSymbols",
    "helpers.shuffle",
    "helpers.slugify",
    "helpers.userCard",
    "image.abstract",
    "image.animals",
    "image.avatar",
    "image.business",
    "image.cats",
    "image.city",
    "image.fashion",
    "image.food",
    "image.image",
    "image.imageUrl",
    "image.nature",
    "image.nightlife",
    "image.people",
    "image.sports",
    "image.technics",
    "image.transport",
    "internet.avatar",
    "internet.color",
    "internet.domainName",
    "internet.domainSuffix",
    "internet.domainWord",
    "internet.email",
    "internet.exampleEmail",
    "internet.ip",
    "internet.mac",
    "internet.password",
    "internet.protocol",
    "internet.session",
    "internet.url",
    "internet.userAgent",
    "internet.userName",
    "lorem.lines",
    "lorem.paragraph",
    "lorem.paragraphs",
    "lorem.sentence",
    "lorem.sentences",
    "lorem.text",
    "lorem.word",
    "lorem.words",
    "name.findName",
    "name.firstName",
    "name.jobArea",
    "name.jobDescriptor",
    "name.jobTitle",
    "name.jobType",
    "name.lastName",
    "name.prefix",
    "name.suffix",
    "name.title",
    "phone.phoneFormats",
    "phone.phoneNumber",
    "phone.phoneNumberFormat",
    "random.alphaNumeric",
    "random.arrayElement",
    "random.boolean",
    "random.image",
    "random.locale",
    "random.number",
    "random.objectElement",
    "random.uuid",
    "random.weightedArrayElement",
    "random.word",
    "random.words",
    "system.commonFileExt",
    "system.commonFileName",
    "system.commonFileType",
    "system.directoryPath",
    "system.fileExt",
    "system.fileName",
    "system.filePath",
    "system.fileType",
    "system.mimeType",
    "system.semver",
];

/// The constructs of `source` that KDG's page cannot run, each a [`Warning`] of kind
/// [`WarningKind::NotKdg`] with its position; an error when fakeplate itself cannot parse the
/// template.
///
/// ```
/// let found = fakeplate::kdg_check("{{ random.float }} {{address.state}}", &Default::default())?;
/// let messages: Vec<&str> = found.iter().map(|w| w.message()).collect();
/// assert_eq!(found.len(), 2, "{messages:?}");
/// assert!(messages[0].contains("spaces inside"));
/// assert!(messages[1].contains("random.float"));
/// # Ok::<(), fakeplate::Error>(())
/// ```
pub fn kdg_check(source: &str, options: &Options) -> Result<Vec<Warning>, Error> {
    let name = options.name.as_deref();
    let parsed = syntax::parse(
        source,
        &Config {
            delimiters: options.delimiters,
            keep_newlines: options.keep_newlines,
            max_depth: options.limits.depth,
            max_items: options.limits.argument_items,
            max_string_bytes: options.limits.argument_bytes,
            max_tags: options.limits.tags,
        },
    )
    .map_err(|e| e.with_name(name))?;
    let mut found = Vec::new();
    let mut note = |span: Span, message: String| {
        found.push(Warning::new(
            WarningKind::NotKdg,
            message,
            source,
            span,
            name,
        ));
    };
    let nodes = &parsed.ast.nodes;
    let last_tag = nodes.iter().rposition(|n| matches!(n, Node::Tag(_)));
    let mut timestamps = 0;
    for (k, node) in nodes.iter().enumerate() {
        let tag = match node {
            Node::Text { span, .. } => {
                let raw = &source[span.range()];
                if let Some(at) = raw.find("\\{{").or_else(|| raw.find("\\<<")) {
                    let start = span.start as usize + at;
                    note(
                        Span::new(start, start + 3),
                        "KDG has no escapes: `\\{{` prints the backslash, and `{{` still opens a tag".into(),
                    );
                }
                let before_a_tag = last_tag.is_some_and(|last| k < last);
                if let Some(at) = raw.find("}}").filter(|_| before_a_tag) {
                    let start = span.start as usize + at;
                    note(
                        Span::new(start, start + 2),
                        "KDG ends a tag at the first `}}` of the template, so `}}` in the text before a tag breaks it: put a space between the braces (`} }`)".into(),
                    );
                }
                continue;
            }
            Node::Tag(tag) => tag,
        };
        let raw = &source[tag.span.range()];
        if raw.starts_with("<<") {
            note(
                tag.span,
                "KDG prints `<< >>` as text: it has only `{{ }}` tags".into(),
            );
            continue;
        }
        let call = match &tag.expr {
            Expr::Set { .. } | Expr::V2(_) => {
                note(
                    tag.span,
                    "language v2 (`set`, expressions): KDG rejects it".into(),
                );
                continue;
            }
            Expr::Literal(_) => {
                note(
                    tag.span,
                    "KDG cannot print a literal: a tag must call a function".into(),
                );
                continue;
            }
            Expr::Call(call) => call,
        };
        let inner = &raw[2..raw.len() - 2];
        if inner.starts_with(char::is_whitespace) || inner.ends_with(char::is_whitespace) {
            note(
                tag.span,
                "KDG throws on spaces inside a tag: write `{{name.firstName}}`, not `{{ name.firstName }}`".into(),
            );
        }
        if inner.trim_start().starts_with("faker.") {
            note(
                call.span,
                "KDG throws on the `faker.` prefix: drop it".into(),
            );
        }
        let dotted = call.name();
        if dotted == "current.timestamp" {
            timestamps += 1;
            if timestamps > 1 {
                note(
                    call.span,
                    "KDG rewrites only the first `{{current.timestamp}}`; this one throws (write `{{date.now}}`)".into(),
                );
            }
        } else if options.functions.iter().any(|f| f.name == dotted) {
            note(
                call.span,
                format!("`{dotted}` is your own function: KDG does not have it"),
            );
        } else if crate::functions::v2::is_v2(&dotted) {
            note(
                call.span,
                format!("`{dotted}` is a language v2 function: KDG does not have it"),
            );
        } else if !KDG_FUNCTIONS.contains(&dotted.as_str()) {
            note(
                call.span,
                format!(
                    "`{dotted}` is not in KDG's faker.js 3.1.0: KDG throws `… is not a function`"
                ),
            );
        }
        if let Some(args) = &call.args {
            if args.items.is_empty() && !args.bare_word {
                note(
                    args.span,
                    "KDG throws on empty parentheses: write the name alone".into(),
                );
            } else if args.items.len() > 1 {
                note(
                    args.span,
                    "KDG passes the whole argument list as one value: only a single argument works there (`random.number(1, 10)` prints `NaN`)".into(),
                );
            }
        }
    }
    Ok(found)
}

//! `system.*`: file names, paths, extensions, MIME types and version numbers.
//!
//! faker.js 3.1.0 reads the mime-db it bundles (1,860 types, 1,043 distinct extensions). This
//! module holds a compact table of its own: 119 common media types in all 12 of its top-level
//! types, each one faker.js 3.1.0 knows and with exactly the extensions faker.js 3.1.0 gives
//! it (107 types have some; 207 extensions, 198 distinct), so every value printed here is one
//! faker.js 3.1.0 can print (COMPATIBILITY.md says why the other types are not carried). The
//! nine types behind `commonFileExt` make that function match faker.js exactly.

use super::{CallCx, Compiled, Cx, FnDef, Func, Param, Returns, Shape, longest};
use crate::error::{Error, shorten};
use crate::json;

const PDF: &[&str] = &["pdf"];
const MPEG_AUDIO: &[&str] = &["mpga", "mp2", "mp2a", "mp3", "m2a", "m3a"];
const WAV: &[&str] = &["wav"];
const PNG: &[&str] = &["png"];
const JPEG: &[&str] = &["jpeg", "jpg", "jpe"];
const GIF: &[&str] = &["gif"];
const MP4: &[&str] = &["mp4", "mp4v", "mpg4"];
const MPEG_VIDEO: &[&str] = &["mpeg", "mpg", "mpe", "m1v", "m2v"];
const HTML: &[&str] = &["html", "htm", "shtml"];

/// Compact MIME table: media type and its file extensions (mime-db's, for these types).
const MIME: &[(&str, &[&str])] = &[
    ("application/atom+xml", &["atom"]),
    ("application/ecmascript", &["ecma"]),
    ("application/epub+zip", &["epub"]),
    ("application/font-woff", &["woff"]),
    ("application/font-woff2", &["woff2"]),
    ("application/gzip", &[]),
    ("application/java-archive", &["jar", "war", "ear"]),
    ("application/javascript", &["js"]),
    ("application/json", &["json", "map"]),
    ("application/ld+json", &["jsonld"]),
    ("application/msword", &["doc", "dot"]),
    (
        "application/octet-stream",
        &[
            "bin", "dms", "lrf", "mar", "so", "dist", "distz", "pkg", "bpk", "dump", "elc",
            "deploy", "exe", "dll", "deb", "dmg", "iso", "img", "msi", "msp", "msm", "buffer",
        ],
    ),
    ("application/ogg", &["ogx"]),
    ("application/pdf", PDF),
    ("application/pgp-signature", &["asc", "sig"]),
    ("application/postscript", &["ai", "eps", "ps"]),
    ("application/rss+xml", &["rss"]),
    ("application/rtf", &["rtf"]),
    ("application/vnd.android.package-archive", &["apk"]),
    ("application/vnd.google-earth.kml+xml", &["kml"]),
    (
        "application/vnd.ms-excel",
        &["xls", "xlm", "xla", "xlc", "xlt", "xlw"],
    ),
    ("application/vnd.ms-powerpoint", &["ppt", "pps", "pot"]),
    ("application/vnd.oasis.opendocument.presentation", &["odp"]),
    ("application/vnd.oasis.opendocument.spreadsheet", &["ods"]),
    ("application/vnd.oasis.opendocument.text", &["odt"]),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        &["pptx"],
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &["xlsx"],
    ),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &["docx"],
    ),
    ("application/x-7z-compressed", &["7z"]),
    ("application/x-apple-diskimage", &["dmg"]),
    ("application/x-bittorrent", &["torrent"]),
    ("application/x-bzip", &["bz"]),
    ("application/x-bzip2", &["bz2", "boz"]),
    ("application/x-csh", &["csh"]),
    ("application/x-debian-package", &["deb", "udeb"]),
    ("application/x-font-otf", &["otf"]),
    ("application/x-font-ttf", &["ttf", "ttc"]),
    ("application/x-httpd-php", &["php"]),
    ("application/x-iso9660-image", &["iso"]),
    ("application/x-latex", &["latex"]),
    (
        "application/x-msdownload",
        &["exe", "dll", "com", "bat", "msi"],
    ),
    ("application/x-rar-compressed", &["rar"]),
    ("application/x-sh", &["sh"]),
    ("application/x-shockwave-flash", &["swf"]),
    ("application/x-tar", &["tar"]),
    ("application/x-www-form-urlencoded", &[]),
    ("application/xhtml+xml", &["xhtml", "xht"]),
    ("application/xml", &["xml", "xsl", "xsd"]),
    ("application/zip", &["zip"]),
    ("audio/basic", &["au", "snd"]),
    ("audio/midi", &["mid", "midi", "kar", "rmi"]),
    ("audio/mp4", &["mp4a", "m4a"]),
    ("audio/mpeg", MPEG_AUDIO),
    ("audio/ogg", &["oga", "ogg", "spx"]),
    ("audio/wav", WAV),
    ("audio/wave", &["wav"]),
    ("audio/webm", &["weba"]),
    ("audio/x-aac", &["aac"]),
    ("audio/x-aiff", &["aif", "aiff", "aifc"]),
    ("audio/x-flac", &["flac"]),
    ("audio/x-ms-wma", &["wma"]),
    ("chemical/x-cdx", &["cdx"]),
    ("chemical/x-cif", &["cif"]),
    ("chemical/x-cml", &["cml"]),
    ("chemical/x-xyz", &["xyz"]),
    ("font/opentype", &["otf"]),
    ("image/bmp", &["bmp"]),
    ("image/gif", GIF),
    ("image/jpeg", JPEG),
    ("image/png", PNG),
    ("image/svg+xml", &["svg", "svgz"]),
    ("image/tiff", &["tiff", "tif"]),
    ("image/vnd.adobe.photoshop", &["psd"]),
    ("image/webp", &["webp"]),
    ("image/x-icon", &["ico"]),
    ("message/http", &[]),
    ("message/partial", &[]),
    ("message/rfc822", &["eml", "mime"]),
    ("model/iges", &["igs", "iges"]),
    ("model/mesh", &["msh", "mesh", "silo"]),
    ("model/vnd.collada+xml", &["dae"]),
    ("model/vrml", &["wrl", "vrml"]),
    ("model/x3d+xml", &["x3d", "x3dz"]),
    ("multipart/alternative", &[]),
    ("multipart/byteranges", &[]),
    ("multipart/form-data", &[]),
    ("multipart/mixed", &[]),
    ("multipart/related", &[]),
    ("text/calendar", &["ics", "ifb"]),
    ("text/css", &["css"]),
    ("text/csv", &["csv"]),
    ("text/html", HTML),
    ("text/jsx", &["jsx"]),
    ("text/markdown", &[]),
    (
        "text/plain",
        &["txt", "text", "conf", "def", "list", "log", "in", "ini"],
    ),
    ("text/richtext", &["rtx"]),
    ("text/tab-separated-values", &["tsv"]),
    ("text/uri-list", &["uri", "uris", "urls"]),
    ("text/vcard", &["vcard"]),
    ("text/x-c", &["c", "cc", "cxx", "cpp", "h", "hh", "dic"]),
    ("text/x-java-source", &["java"]),
    ("text/x-markdown", &["markdown", "md", "mkd"]),
    ("text/xml", &["xml"]),
    ("text/yaml", &["yaml", "yml"]),
    ("video/3gpp", &["3gp", "3gpp"]),
    ("video/h264", &["h264"]),
    ("video/mp2t", &["ts"]),
    ("video/mp4", MP4),
    ("video/mpeg", MPEG_VIDEO),
    ("video/ogg", &["ogv"]),
    ("video/quicktime", &["qt", "mov"]),
    ("video/webm", &["webm"]),
    ("video/x-flv", &["flv"]),
    ("video/x-matroska", &["mkv", "mk3d", "mks"]),
    ("video/x-ms-wmv", &["wmv"]),
    ("video/x-msvideo", &["avi"]),
    ("x-conference/x-cooltalk", &["ice"]),
    ("x-shader/x-fragment", &[]),
    ("x-shader/x-vertex", &[]),
];

/// Every media type of [`MIME`], for `system.mimeType`.
const MIME_TYPES: &[&str] = &[
    "application/atom+xml",
    "application/ecmascript",
    "application/epub+zip",
    "application/font-woff",
    "application/font-woff2",
    "application/gzip",
    "application/java-archive",
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/msword",
    "application/octet-stream",
    "application/ogg",
    "application/pdf",
    "application/pgp-signature",
    "application/postscript",
    "application/rss+xml",
    "application/rtf",
    "application/vnd.android.package-archive",
    "application/vnd.google-earth.kml+xml",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/x-7z-compressed",
    "application/x-apple-diskimage",
    "application/x-bittorrent",
    "application/x-bzip",
    "application/x-bzip2",
    "application/x-csh",
    "application/x-debian-package",
    "application/x-font-otf",
    "application/x-font-ttf",
    "application/x-httpd-php",
    "application/x-iso9660-image",
    "application/x-latex",
    "application/x-msdownload",
    "application/x-rar-compressed",
    "application/x-sh",
    "application/x-shockwave-flash",
    "application/x-tar",
    "application/x-www-form-urlencoded",
    "application/xhtml+xml",
    "application/xml",
    "application/zip",
    "audio/basic",
    "audio/midi",
    "audio/mp4",
    "audio/mpeg",
    "audio/ogg",
    "audio/wav",
    "audio/wave",
    "audio/webm",
    "audio/x-aac",
    "audio/x-aiff",
    "audio/x-flac",
    "audio/x-ms-wma",
    "chemical/x-cdx",
    "chemical/x-cif",
    "chemical/x-cml",
    "chemical/x-xyz",
    "font/opentype",
    "image/bmp",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/svg+xml",
    "image/tiff",
    "image/vnd.adobe.photoshop",
    "image/webp",
    "image/x-icon",
    "message/http",
    "message/partial",
    "message/rfc822",
    "model/iges",
    "model/mesh",
    "model/vnd.collada+xml",
    "model/vrml",
    "model/x3d+xml",
    "multipart/alternative",
    "multipart/byteranges",
    "multipart/form-data",
    "multipart/mixed",
    "multipart/related",
    "text/calendar",
    "text/css",
    "text/csv",
    "text/html",
    "text/jsx",
    "text/markdown",
    "text/plain",
    "text/richtext",
    "text/tab-separated-values",
    "text/uri-list",
    "text/vcard",
    "text/x-c",
    "text/x-java-source",
    "text/x-markdown",
    "text/xml",
    "text/yaml",
    "video/3gpp",
    "video/h264",
    "video/mp2t",
    "video/mp4",
    "video/mpeg",
    "video/ogg",
    "video/quicktime",
    "video/webm",
    "video/x-flv",
    "video/x-matroska",
    "video/x-ms-wmv",
    "video/x-msvideo",
    "x-conference/x-cooltalk",
    "x-shader/x-fragment",
    "x-shader/x-vertex",
];

/// The top-level types of [`MIME`], each once, for `system.fileType`.
const FILE_TYPES: &[&str] = &[
    "application",
    "audio",
    "chemical",
    "font",
    "image",
    "message",
    "model",
    "multipart",
    "text",
    "video",
    "x-conference",
    "x-shader",
];

/// Every extension of [`MIME`] in order, repeats included, for `system.fileExt()`.
const ALL_EXTS: &[&str] = &[
    "atom", "ecma", "epub", "woff", "woff2", "jar", "war", "ear", "js", "json", "map", "jsonld",
    "doc", "dot", "bin", "dms", "lrf", "mar", "so", "dist", "distz", "pkg", "bpk", "dump", "elc",
    "deploy", "exe", "dll", "deb", "dmg", "iso", "img", "msi", "msp", "msm", "buffer", "ogx",
    "pdf", "asc", "sig", "ai", "eps", "ps", "rss", "rtf", "apk", "kml", "xls", "xlm", "xla", "xlc",
    "xlt", "xlw", "ppt", "pps", "pot", "odp", "ods", "odt", "pptx", "xlsx", "docx", "7z", "dmg",
    "torrent", "bz", "bz2", "boz", "csh", "deb", "udeb", "otf", "ttf", "ttc", "php", "iso",
    "latex", "exe", "dll", "com", "bat", "msi", "rar", "sh", "swf", "tar", "xhtml", "xht", "xml",
    "xsl", "xsd", "zip", "au", "snd", "mid", "midi", "kar", "rmi", "mp4a", "m4a", "mpga", "mp2",
    "mp2a", "mp3", "m2a", "m3a", "oga", "ogg", "spx", "wav", "wav", "weba", "aac", "aif", "aiff",
    "aifc", "flac", "wma", "cdx", "cif", "cml", "xyz", "otf", "bmp", "gif", "jpeg", "jpg", "jpe",
    "png", "svg", "svgz", "tiff", "tif", "psd", "webp", "ico", "eml", "mime", "igs", "iges", "msh",
    "mesh", "silo", "dae", "wrl", "vrml", "x3d", "x3dz", "ics", "ifb", "css", "csv", "html", "htm",
    "shtml", "jsx", "txt", "text", "conf", "def", "list", "log", "in", "ini", "rtx", "tsv", "uri",
    "uris", "urls", "vcard", "c", "cc", "cxx", "cpp", "h", "hh", "dic", "java", "markdown", "md",
    "mkd", "xml", "yaml", "yml", "3gp", "3gpp", "h264", "ts", "mp4", "mp4v", "mpg4", "mpeg", "mpg",
    "mpe", "m1v", "m2v", "ogv", "qt", "mov", "webm", "flv", "mkv", "mk3d", "mks", "wmv", "avi",
    "ice",
];

/// faker.js's `commonFileExt` types: pdf, mp3, wav, png, jpeg, gif, mp4, mpeg video, html.
const COMMON_EXTS: &[&[&str]] = &[PDF, MPEG_AUDIO, WAV, PNG, JPEG, GIF, MP4, MPEG_VIDEO, HTML];

/// faker.js's `commonFileType` values.
const COMMON_FILE_TYPES: &[&str] = &["video", "audio", "image", "text", "application"];

/// Directories for `directoryPath` and `filePath` (faker.js 3.1.0 returns `undefined`): common
/// Unix and macOS locations.
const DIRECTORIES: &[&str] = &[
    "/Applications",
    "/Library",
    "/System",
    "/Users",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/etc/default",
    "/etc/ssl",
    "/home",
    "/home/user",
    "/home/user/dir",
    "/lib",
    "/media",
    "/mnt",
    "/opt",
    "/opt/bin",
    "/opt/lib",
    "/opt/share",
    "/private",
    "/private/tmp",
    "/private/var",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/include",
    "/usr/lib",
    "/usr/libexec",
    "/usr/local",
    "/usr/local/bin",
    "/usr/local/src",
    "/usr/sbin",
    "/usr/share",
    "/usr/src",
    "/var",
    "/var/cache",
    "/var/lib",
    "/var/log",
    "/var/mail",
    "/var/spool",
    "/var/tmp",
];

const EXT: Param = Param {
    name: "ext",
    ty: "string",
    default: "",
};
const TYPE: Param = Param {
    name: "type",
    ty: "string (a MIME type)",
    default: "",
};

pub(super) const FUNCTIONS: &[FnDef] = &[
    FnDef {
        name: "system.fileName",
        params: &[EXT, TYPE],
        summary: "1-3 random words and an extension, lower-cased, with spaces, commas and hyphens as _",
        example: "{{system.fileName}}",
        returns: Returns::String,
        compile: file_name,
    },
    FnDef {
        name: "system.commonFileName",
        params: &[EXT, TYPE],
        summary: "1-3 random words and ext or a common extension (pdf, mp3, png, html, ...)",
        example: "{{system.commonFileName(\"csv\")}}",
        returns: Returns::String,
        compile: common_file_name,
    },
    FnDef {
        name: "system.mimeType",
        params: &[],
        summary: "a MIME type, e.g. application/json",
        example: "{{system.mimeType}}",
        returns: Returns::String,
        compile: mime_type,
    },
    FnDef {
        name: "system.commonFileType",
        params: &[],
        summary: "video, audio, image, text or application",
        example: "{{system.commonFileType}}",
        returns: Returns::String,
        compile: common_file_type,
    },
    FnDef {
        name: "system.commonFileExt",
        params: &[Param {
            name: "type",
            ty: "string (ignored)",
            default: "",
        }],
        summary: "the extension of a common type: pdf, mp3, wav, png, jpg, gif, mp4, mpeg or html",
        example: "{{system.commonFileExt}}",
        returns: Returns::String,
        compile: common_file_ext,
    },
    FnDef {
        name: "system.fileType",
        params: &[],
        summary: "a top-level media type, e.g. image or font",
        example: "{{system.fileType}}",
        returns: Returns::String,
        compile: file_type,
    },
    FnDef {
        name: "system.fileExt",
        params: &[Param {
            name: "mimeType",
            ty: "string",
            default: "any type",
        }],
        summary: "a file extension, of the given MIME type if any",
        example: "{{system.fileExt(\"image/jpeg\")}}",
        returns: Returns::String,
        compile: file_ext,
    },
    FnDef {
        name: "system.directoryPath",
        params: &[],
        summary: "a Unix directory path, e.g. /usr/local/bin",
        example: "{{system.directoryPath}}",
        returns: Returns::String,
        compile: directory_path,
    },
    FnDef {
        name: "system.filePath",
        params: &[],
        summary: "a directory path and a file name, e.g. /var/log/generic_salad.json",
        example: "{{system.filePath}}",
        returns: Returns::String,
        compile: file_path,
    },
    FnDef {
        name: "system.semver",
        params: &[],
        summary: "three digits 0-9 joined by dots, e.g. 5.8.9",
        example: "{{system.semver}}",
        returns: Returns::String,
        compile: semver,
    },
];

/// Where a file name's extension comes from.
#[derive(Debug)]
pub(crate) enum Ext {
    /// Any extension of the table.
    Any,
    /// An extension of one of faker.js's nine common types.
    Common,
    /// An extension of one MIME type.
    Of(&'static [&'static str]),
    /// The caller's.
    Fixed(Box<str>),
}

impl Ext {
    fn max_len(&self) -> usize {
        match self {
            Ext::Any => longest(ALL_EXTS),
            Ext::Common => COMMON_EXTS.iter().map(|e| longest(e)).max().unwrap_or(0),
            Ext::Of(exts) => longest(exts),
            // Lower-casing can lengthen a few non-ASCII characters, never past 3×.
            Ext::Fixed(e) => 3 * e.len(),
        }
    }

    fn write(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Ext::Any => out.push_str(cx.rng.pick_str(ALL_EXTS)),
            Ext::Common => {
                let exts = COMMON_EXTS[cx.rng.index(COMMON_EXTS.len())];
                out.push_str(cx.rng.pick_str(exts));
            }
            Ext::Of(exts) => out.push_str(cx.rng.pick_str(exts)),
            Ext::Fixed(e) => {
                let start = out.len();
                out.push_str(e);
                to_file_text(out, start);
            }
        }
    }
}

/// A compiled `system.*` call.
#[derive(Debug)]
pub(crate) enum Op {
    /// `{words}.{ext}`, after a directory and `/` when `dir`.
    FileName {
        dir: bool,
        ext: Ext,
    },
    /// An extension of one of the common types.
    CommonFileExt,
    Semver,
}

/// The longest `random.word`, as a file name has it.
fn word_max_len() -> usize {
    super::words::word_len()
}

impl Op {
    pub(super) fn max_len(&self) -> usize {
        match self {
            Op::FileName { dir, ext } => {
                let dir = if *dir { longest(DIRECTORIES) + 1 } else { 0 };
                dir + 3 * word_max_len() + 1 + ext.max_len()
            }
            Op::CommonFileExt => Ext::Common.max_len(),
            Op::Semver => 5,
        }
    }

    pub(super) fn render(&self, cx: &mut Cx<'_>, out: &mut String) {
        match self {
            Op::FileName { dir, ext } => {
                if *dir {
                    out.push_str(cx.rng.pick_str(DIRECTORIES));
                    out.push('/');
                }
                write_words(cx, out);
                out.push('.');
                ext.write(cx, out);
            }
            Op::CommonFileExt => Ext::Common.write(cx, out),
            Op::Semver => {
                for i in 0..3 {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push(char::from(b'0' + cx.rng.below(10) as u8));
                }
            }
        }
    }
}

/// faker.js's `random.words()` (1–3 `random.word`s joined by spaces) as a file name has it:
/// lower-cased, with space, `,`, `-` and `\\` as `_`; and `/` as `_` too (faker.js keeps the `/`
/// of words such as `24/7`, which splits the name). Every word is ASCII, so the rewrite keeps
/// lengths and happens in place.
fn write_words(cx: &mut Cx<'_>, out: &mut String) {
    let start = out.len();
    let n = cx.rng.range_i64(1, 3);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        super::words::word_into(cx, out);
    }
    to_file_text(out, start);
}

/// Rewrites `out[start..]` in place as file names have it (see [`write_words`]).
fn to_file_text(out: &mut String, start: usize) {
    out[start..].make_ascii_lowercase();
    let mut at = start;
    while let Some(k) = out[at..].find([' ', ',', '-', '\\', '/']) {
        out.replace_range(at + k..at + k + 1, "_");
        at += k + 1;
    }
}

/// The extensions of a MIME type argument; an error names types it does not know.
fn exts_of(cx: &CallCx<'_, '_>, i: usize) -> Result<Option<&'static [&'static str]>, Error> {
    let Some(arg) = cx.arg(i) else {
        return Ok(None);
    };
    let name = cx.string(arg)?;
    match MIME.iter().find(|(t, _)| *t == name) {
        Some((_, exts)) if !exts.is_empty() => Ok(Some(exts)),
        Some(_) => Err(cx.error(
            arg.span,
            format!("`{}` has no file extensions", shorten(name)),
        )),
        None => Err(cx.error(
            arg.span,
            format!(
                "`{}` is not in fakeplate's MIME table of {} common types (see system.mimeType)",
                shorten(name),
                MIME.len()
            ),
        )),
    }
}

/// The extension for `fileName(ext, type)` / `commonFileName(ext, type)`: the caller's
/// extension, else one of the type's, else `default`.
fn ext_arg(cx: &CallCx<'_, '_>, default: Ext) -> Result<(Ext, Shape), Error> {
    cx.at_most(2)?;
    let of_type = exts_of(cx, 1)?;
    let fixed = cx.arg(0).map(|a| cx.string(a)).transpose()?;
    Ok(match (fixed, of_type) {
        (Some(e), _) if !e.is_empty() => {
            let shape = if json::needs_escape(e) {
                Shape::Text
            } else {
                Shape::Unescaped
            };
            (Ext::Fixed(e.into()), shape)
        }
        (_, Some(exts)) => (Ext::Of(exts), Shape::Unescaped),
        _ => (default, Shape::Unescaped),
    })
}

fn file_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    let (ext, shape) = ext_arg(cx, Ext::Any)?;
    Ok(Compiled::new(
        Func::System(Op::FileName { dir: false, ext }),
        shape,
    ))
}

fn common_file_name(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    let (ext, shape) = ext_arg(cx, Ext::Common)?;
    Ok(Compiled::new(
        Func::System(Op::FileName { dir: false, ext }),
        shape,
    ))
}

fn mime_type(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(MIME_TYPES))
}

fn common_file_type(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(COMMON_FILE_TYPES))
}

fn common_file_ext(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    // faker.js ignores `type`; a string is accepted for it.
    cx.arg(0).map(|a| cx.string(a)).transpose()?;
    Ok(Compiled::new(
        Func::System(Op::CommonFileExt),
        Shape::Unescaped,
    ))
}

fn file_type(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(FILE_TYPES))
}

fn file_ext(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(1)?;
    Ok(Compiled::table(exts_of(cx, 0)?.unwrap_or(ALL_EXTS)))
}

fn directory_path(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::table(DIRECTORIES))
}

fn file_path(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(
        Func::System(Op::FileName {
            dir: true,
            ext: Ext::Any,
        }),
        Shape::Plain,
    ))
}

fn semver(cx: &CallCx<'_, '_>) -> Result<Compiled, Error> {
    cx.at_most(0)?;
    Ok(Compiled::new(Func::System(Op::Semver), Shape::Plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_tables_agree_with_the_mime_table() {
        let names: Vec<&str> = MIME.iter().map(|(t, _)| *t).collect();
        assert_eq!(names, MIME_TYPES);
        let exts: Vec<&str> = MIME.iter().flat_map(|(_, e)| e.iter().copied()).collect();
        assert_eq!(exts, ALL_EXTS);
        let mut tops: Vec<&str> = Vec::new();
        for t in MIME_TYPES {
            let top = t.split('/').next().unwrap();
            if !tops.contains(&top) {
                tops.push(top);
            }
        }
        assert_eq!(tops, FILE_TYPES);
        assert_eq!(FILE_TYPES.len(), 12);
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "a type is listed twice");
    }

    #[test]
    fn common_types_are_in_the_table() {
        for (t, exts) in [
            ("application/pdf", PDF),
            ("audio/mpeg", MPEG_AUDIO),
            ("audio/wav", WAV),
            ("image/png", PNG),
            ("image/jpeg", JPEG),
            ("image/gif", GIF),
            ("video/mp4", MP4),
            ("video/mpeg", MPEG_VIDEO),
            ("text/html", HTML),
        ] {
            assert!(MIME.iter().any(|(n, e)| *n == t && *e == exts), "{t}");
        }
    }

    /// File names are written without escaping (the words are checked in `words.rs`).
    #[test]
    fn extensions_and_directories_are_plain_ascii() {
        for e in ALL_EXTS.iter().chain(DIRECTORIES) {
            assert!(e.is_ascii() && !json::needs_escape(e), "{e:?}");
        }
    }

    #[test]
    fn file_text() {
        let mut s = String::from("keep ");
        s.push_str("Credit Card, Re-Used\\X/24/7.PDF");
        to_file_text(&mut s, 5);
        assert_eq!(s, "keep credit_card__re_used_x_24_7.pdf");
    }
}

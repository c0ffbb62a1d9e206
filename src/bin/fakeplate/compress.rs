//! `--compress`: one flag whose meaning follows the destination. Into a file or standard output
//! the whole stream is compressed (`--output records.jsonl.gz` decides by itself); into a
//! record service (Kinesis, Firehose, Kafka) each record, delimiter included, becomes one gzip
//! member, as KDG's "compress" box does, so a Firehose object is a multi-member gzip stream.
//! Reading back, gzip (any number of members) and zstd (any number of frames) are recognised
//! by their first bytes, whatever the file is called.

use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// What `--compress` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Codec {
    None,
    Gzip,
    Zstd,
}

impl Codec {
    /// The codec of a file: `--compress` when given, otherwise its extension (`.gz`, `.zst`).
    pub fn for_file(forced: Option<Codec>, path: Option<&Path>) -> Codec {
        if let Some(codec) = forced {
            return codec;
        }
        match path.and_then(Path::extension).and_then(|e| e.to_str()) {
            Some("gz") => Codec::Gzip,
            Some("zst") => Codec::Zstd,
            _ => Codec::None,
        }
    }
}

/// How often a compressed stream is flushed at most: the sinks flush after every record, and a
/// compressor flushed per record would add bytes to each one.
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// A writer that compresses (or not) into `W`. [`Encoder::finish`] must be called to end the
/// stream; a stream that is not finished is cut short.
pub struct Encoder<W: Write> {
    kind: Kind<W>,
    flushed: Instant,
}

enum Kind<W: Write> {
    Plain(W),
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Encoder<W> {
    /// Compresses into `out` with `codec` at its default level.
    pub fn new(codec: Codec, out: W) -> io::Result<Encoder<W>> {
        let kind = match codec {
            Codec::None => Kind::Plain(out),
            Codec::Gzip => Kind::Gzip(flate2::write::GzEncoder::new(out, Compression::default())),
            Codec::Zstd => Kind::Zstd(zstd::stream::write::Encoder::new(out, 0)?),
        };
        Ok(Encoder {
            kind,
            flushed: Instant::now(),
        })
    }

    /// Ends the compressed stream and returns the writer, flushed.
    pub fn finish(self) -> io::Result<W> {
        let mut out = match self.kind {
            Kind::Plain(w) => w,
            Kind::Gzip(e) => e.finish()?,
            Kind::Zstd(e) => e.finish()?,
        };
        out.flush()?;
        Ok(out)
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.kind {
            Kind::Plain(w) => w.write(bytes),
            Kind::Gzip(e) => e.write(bytes),
            Kind::Zstd(e) => e.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.kind {
            Kind::Plain(w) => w.flush(),
            _ if self.flushed.elapsed() < FLUSH_EVERY => Ok(()),
            Kind::Gzip(e) => {
                self.flushed = Instant::now();
                e.flush()
            }
            Kind::Zstd(e) => {
                self.flushed = Instant::now();
                e.flush()
            }
        }
    }
}

/// The gzip header fakeplate writes for each record: no name, modification time 0 (so the bytes
/// depend on the record alone), OS unknown.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// Compresses records one at a time, each into one complete gzip member, reusing its deflate
/// state and output buffer (a new encoder per record would allocate its tables each time).
pub struct RecordGzip {
    deflate: Compress,
    out: Vec<u8>,
}

impl Default for RecordGzip {
    fn default() -> Self {
        RecordGzip {
            deflate: Compress::new(Compression::default(), false),
            out: Vec::new(),
        }
    }
}

impl RecordGzip {
    /// `record` as one gzip member.
    pub fn encode(&mut self, record: &[u8]) -> io::Result<&[u8]> {
        self.out.clear();
        self.out.extend_from_slice(&GZIP_HEADER);
        self.deflate.reset();
        let mut input = record;
        loop {
            if self.out.capacity() - self.out.len() < 64 {
                self.out.reserve(input.len() / 2 + 256);
            }
            let (read, wrote) = (self.deflate.total_in(), self.deflate.total_out());
            let status = self
                .deflate
                .compress_vec(input, &mut self.out, FlushCompress::Finish)
                .map_err(io::Error::other)?;
            let used = usize::try_from(self.deflate.total_in() - read).unwrap_or(input.len());
            input = &input[used.min(input.len())..];
            if status == Status::StreamEnd {
                break;
            }
            if used == 0 && self.deflate.total_out() == wrote {
                // No room to make progress in: grow.
                self.out.reserve(self.out.capacity().max(256));
            }
        }
        let mut crc = Crc::new();
        crc.update(record);
        self.out.extend_from_slice(&crc.sum().to_le_bytes());
        // ISIZE: the length modulo 2^32, as RFC 1952 defines it.
        self.out
            .extend_from_slice(&(record.len() as u64 as u32).to_le_bytes());
        Ok(&self.out)
    }
}

/// `r`, decompressed when it starts like gzip (every member is read) or zstd (every frame).
pub fn decoded<'a>(mut r: Box<dyn Read + 'a>) -> io::Result<Box<dyn Read + 'a>> {
    let mut head = [0u8; 4];
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let whole = io::Cursor::new(head[..n].to_vec()).chain(r);
    Ok(match &head[..n] {
        [0x1f, 0x8b, ..] => Box::new(flate2::read::MultiGzDecoder::new(whole)),
        [0x28, 0xb5, 0x2f, 0xfd] => Box::new(zstd::stream::read::Decoder::new(whole)?),
        _ => Box::new(whole),
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::{Codec, Encoder, RecordGzip, decoded};

    fn read_all(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        decoded(Box::new(bytes))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn records_are_gzip_members_that_read_back_in_order() {
        let mut gz = RecordGzip::default();
        let mut stream = Vec::new();
        let mut plain = Vec::new();
        for n in 0..300 {
            // Empty, short, and longer than one deflate block's worth of output.
            let record = format!("{}\n", "x".repeat(n * n)).into_bytes();
            plain.extend_from_slice(&record);
            let member = gz.encode(&record).unwrap();
            assert_eq!(&member[..2], &[0x1f, 0x8b]);
            stream.extend_from_slice(member);
        }
        assert_eq!(read_all(&stream), plain);
        // The same record gives the same bytes: no time in the header.
        let a = gz.encode(b"abc\n").unwrap().to_vec();
        assert_eq!(gz.encode(b"abc\n").unwrap(), &a[..]);
    }

    #[test]
    fn streams_read_back_whatever_the_codec() {
        let plain: Vec<u8> = (0..10_000)
            .flat_map(|n| format!("{{\"n\":{n}}}\n").into_bytes())
            .collect();
        for codec in [Codec::None, Codec::Gzip, Codec::Zstd] {
            let mut e = Encoder::new(codec, Vec::new()).unwrap();
            e.write_all(&plain).unwrap();
            let bytes = e.finish().unwrap();
            assert_eq!(read_all(&bytes), plain, "{codec:?}");
        }
        // Short inputs that are not compressed pass through, even under four bytes.
        assert_eq!(read_all(b"ab"), b"ab");
        assert_eq!(read_all(b""), b"");
    }

    #[test]
    fn the_extension_decides_unless_forced() {
        use std::path::Path;
        let gz = Path::new("a.jsonl.gz");
        assert_eq!(Codec::for_file(None, Some(gz)), Codec::Gzip);
        assert_eq!(Codec::for_file(None, Some(Path::new("a.zst"))), Codec::Zstd);
        assert_eq!(
            Codec::for_file(None, Some(Path::new("a.jsonl"))),
            Codec::None
        );
        assert_eq!(Codec::for_file(Some(Codec::None), Some(gz)), Codec::None);
        assert_eq!(Codec::for_file(Some(Codec::Zstd), None), Codec::Zstd);
    }
}

//! Setups and parts of a Monte Carlo run as bytes, so they can travel between
//! processes and machines (a Dask task's argument and result). Little-endian,
//! with a tag and version first; every length is checked against the bytes
//! that remain before anything is allocated, so bad bytes give an error, not
//! a panic or a huge allocation. Floats keep their exact bits.

use super::job::{ChunkTotals, Iterations};
use super::parts::{Partial, Setup};
use super::stats::{Sketch, STRIDE};
use super::McError;

const SETUP_TAG: &[u8; 8] = b"DLMCSET1";
const PART_TAG: &[u8; 8] = b"DLMCPRT2";

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn f64s(&mut self, values: &[f64]) {
        self.len(values.len());
        for v in values {
            self.0.extend_from_slice(&v.to_bits().to_le_bytes());
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn fail(&self, why: &str) -> McError {
        McError::Parts(format!("the {} bytes are not valid: {why}", self.what))
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], McError> {
        if n > self.bytes.len() {
            return Err(self.fail("they end too early"));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }
    fn tag(&mut self, tag: &[u8; 8]) -> Result<(), McError> {
        if self.take(8)? != tag {
            return Err(self.fail("wrong tag or version"));
        }
        Ok(())
    }
    fn u64(&mut self) -> Result<u64, McError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
    fn flag(&mut self) -> Result<bool, McError> {
        match self.take(1)?[0] {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.fail("a flag is neither 0 nor 1")),
        }
    }
    /// A length of items of `size` bytes each that must fit in what remains.
    fn len(&mut self, size: usize) -> Result<usize, McError> {
        let n = self.u64()?;
        match usize::try_from(n) {
            Ok(n) if n.checked_mul(size).is_some_and(|b| b <= self.bytes.len()) => Ok(n),
            _ => Err(self.fail("a length is longer than the bytes")),
        }
    }
    fn f64s(&mut self) -> Result<Vec<f64>, McError> {
        let n = self.len(8)?;
        let raw = self.take(n * 8)?;
        Ok(raw.chunks_exact(8).map(|b| f64::from_bits(u64::from_le_bytes(b.try_into().expect("8 bytes")))).collect())
    }
    fn end(&self) -> Result<(), McError> {
        if !self.bytes.is_empty() {
            return Err(self.fail("bytes are left over"));
        }
        Ok(())
    }
}

impl Setup {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(SETUP_TAG.to_vec());
        w.len(self.paths);
        w.len(self.chunks);
        w.len(self.batch);
        w.0.push(u8::from(self.exact));
        w.0.push(u8::from(self.ranges.is_some()));
        if let Some(ranges) = &self.ranges {
            let flat: Vec<f64> = ranges.iter().flat_map(|&(lo, hi)| [lo, hi]).collect();
            w.f64s(&flat);
        }
        w.0
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Setup, McError> {
        let mut r = Reader { bytes, what: "setup" };
        r.tag(SETUP_TAG)?;
        let paths = r.u64()? as usize;
        let chunks = r.u64()? as usize;
        let batch = r.u64()? as usize;
        let exact = r.flag()?;
        let ranges = if r.flag()? {
            let flat = r.f64s()?;
            if flat.len() % 2 != 0 {
                return Err(r.fail("ranges come in pairs"));
            }
            Some(flat.chunks_exact(2).map(|p| (p[0], p[1])).collect())
        } else {
            None
        };
        r.end()?;
        if exact == ranges.is_some() {
            return Err(r.fail("exact setups have no ranges and sketch setups have them"));
        }
        Ok(Setup { paths, chunks, exact, batch, ranges })
    }
}

impl Partial {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(PART_TAG.to_vec());
        w.len(self.chunks.len());
        for chunk in &self.chunks {
            w.len(chunk.index);
            w.f64s(&chunk.sums);
            w.len(chunk.holds.len());
            for &h in &chunk.holds {
                w.u64(h);
            }
            w.0.push(u8::from(chunk.values.is_some()));
            if let Some(values) = &chunk.values {
                w.f64s(values);
            }
            let solved = chunk.iterations;
            for n in [solved.paths, solved.total, solved.max] {
                w.u64(n);
            }
        }
        w.0.push(u8::from(self.counts.is_some()));
        if let Some(sketch) = &self.counts {
            w.f64s(sketch.lows());
            w.f64s(sketch.scales());
            w.len(sketch.counts().len());
            for &c in sketch.counts() {
                w.0.extend_from_slice(&c.to_le_bytes());
            }
        }
        w.0
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Partial, McError> {
        let mut r = Reader { bytes, what: "part" };
        r.tag(PART_TAG)?;
        // The smallest chunk is 50 bytes (index, three lengths, a flag, three counts).
        let n = r.len(50)?;
        let mut chunks = Vec::with_capacity(n);
        for _ in 0..n {
            let index = r.u64()? as usize;
            let sums = r.f64s()?;
            let claims = r.len(8)?;
            let holds = (0..claims).map(|_| r.u64()).collect::<Result<Vec<_>, _>>()?;
            let values = if r.flag()? { Some(r.f64s()?) } else { None };
            let iterations = Iterations { paths: r.u64()?, total: r.u64()?, max: r.u64()? };
            chunks.push(ChunkTotals { index, sums, holds, values, iterations });
        }
        let counts = if r.flag()? {
            let (low, scale) = (r.f64s()?, r.f64s()?);
            if low.len() != scale.len() {
                return Err(r.fail("the histograms' lows and scales differ in number"));
            }
            // The counts' length fits in the bytes left (checked by `len`)
            // before the sketch allocates them.
            let len = r.len(4)?;
            if Some(len) != low.len().checked_mul(STRIDE) {
                return Err(r.fail("the histogram counts do not match their cells"));
            }
            let mut sketch = Sketch::from_lows_and_scales(low, scale);
            for slot in sketch.counts_mut() {
                *slot = u32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
            }
            Some(sketch)
        } else {
            None
        };
        r.end()?;
        Ok(Partial { chunks, counts })
    }
}

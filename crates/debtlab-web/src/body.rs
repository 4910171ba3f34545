//! A computed answer's body: its JSON text, sent in pieces, holding the
//! request's in-flight slot until the last piece is handed to the socket.
//!
//! Each piece is a copy of at most [`FRAME_BYTES`], so the whole text is
//! freed together with the slot; hyper asks for the next piece only once it
//! has written most of the previous ones, so a client that reads slowly
//! keeps its slot (and the answer's memory) instead of leaving the memory
//! behind a free slot. A client that reads nothing at all is cut off by the
//! connection's write timeout (see `server.rs`).

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::{Buf, Bytes};
use http_body::{Frame, SizeHint};
use tokio::sync::OwnedSemaphorePermit;

/// Bytes of one piece of an answer.
pub const FRAME_BYTES: usize = 64 << 10;

/// A `200` JSON answer of `json` that holds `slot` until it is sent.
pub fn json_answer(json: Vec<u8>, slot: OwnedSemaphorePermit) -> Response {
    let body = SlotBody { json: Bytes::from(json), slot: Some(slot) };
    ([(header::CONTENT_TYPE, "application/json")], Body::new(body)).into_response()
}

struct SlotBody {
    json: Bytes,
    slot: Option<OwnedSemaphorePermit>,
}

impl http_body::Body for SlotBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = &mut *self;
        if this.json.is_empty() {
            this.slot = None;
            return Poll::Ready(None);
        }
        let n = this.json.len().min(FRAME_BYTES);
        let piece = Bytes::copy_from_slice(&this.json[..n]);
        this.json.advance(n);
        if this.json.is_empty() {
            // The text is freed here (`advance` to the end drops nothing
            // until the `Bytes` is replaced), then the slot.
            this.json = Bytes::new();
            this.slot = None;
        }
        Poll::Ready(Some(Ok(Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.json.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.json.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    #[tokio::test]
    async fn the_slot_is_held_until_the_last_piece() {
        let slots = Arc::new(Semaphore::new(1));
        let text: Vec<u8> = (0..FRAME_BYTES * 2 + 10).map(|i| (i % 251) as u8).collect();
        let response = json_answer(text.clone(), slots.clone().try_acquire_owned().unwrap());
        let mut body = response.into_body();
        assert_eq!(http_body::Body::size_hint(&body).exact(), Some(text.len() as u64));
        let mut got = Vec::new();
        let mut pieces = 0;
        while let Some(frame) = http_body_util_frame(&mut body).await {
            pieces += 1;
            let done = got.len() + frame.len() == text.len();
            assert_eq!(slots.available_permits(), usize::from(done), "after piece {pieces}");
            got.extend_from_slice(&frame);
        }
        assert_eq!((got, pieces), (text, 3));
        assert_eq!(slots.available_permits(), 1);
    }

    #[tokio::test]
    async fn a_dropped_answer_frees_its_slot() {
        let slots = Arc::new(Semaphore::new(1));
        let response = json_answer(vec![b' '; 10], slots.clone().try_acquire_owned().unwrap());
        assert_eq!(slots.available_permits(), 0);
        drop(response);
        assert_eq!(slots.available_permits(), 1);
    }

    async fn http_body_util_frame(body: &mut Body) -> Option<Bytes> {
        let frame = std::future::poll_fn(|cx| http_body::Body::poll_frame(Pin::new(&mut *body), cx)).await?;
        Some(frame.unwrap().into_data().unwrap())
    }
}

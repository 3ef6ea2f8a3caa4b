//! One HTTP server for every listener storybot opens (Discord's interactions, the operators'
//! metrics), made to survive the open internet: a connection must send its request headers
//! within `header_timeout` (which also closes idle keep-alive connections), a request must be
//! read and answered within `request_timeout` (408 otherwise), and at most `max_connections`
//! are open at once (more wait in the kernel's queue). Slow, idle or abandoned clients cost a
//! bounded number of sockets for a bounded time.
//!
//! Written on hyper directly rather than `axum::serve`: axum's server sets no timer, so hyper's
//! header-read timeout cannot apply, and it has no connection cap.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::config::HttpSettings;

/// Serves `app` on `listener` until `shutdown` resolves. From then on no new connection is
/// accepted; requests in flight get up to `drain` to finish.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    limits: &HttpSettings,
    shutdown: impl Future<Output = ()> + Send,
    drain: Duration,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let header_timeout = Duration::from_millis(limits.header_timeout_ms);
    let request_timeout = Duration::from_millis(limits.request_timeout_ms);
    tokio::pin!(shutdown);
    let mut accept_errors = 0_u32;
    loop {
        // A place first: at the cap, new connections wait in the kernel's queue.
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => permit.expect("never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => {
                    accept_errors = 0;
                    accepted
                }
                Err(error) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // wait a little and go on; the listener itself is fine.
                    accept_errors += 1;
                    if accept_errors == 1 {
                        tracing::warn!(%error, "cannot accept a connection");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let app = app.clone();
            answer(app, request, peer, request_timeout)
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection closed");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(drain) => {
            tracing::warn!(?drain, "stopped with requests still in flight");
        }
    }
    Ok(())
}

/// One request through `app`, bounded in time (the body is read inside it).
async fn answer(
    app: axum::Router,
    mut request: Request<Incoming>,
    peer: SocketAddr,
    limit: Duration,
) -> Result<Response, Infallible> {
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let request = request.map(axum::body::Body::new);
    match tokio::time::timeout(limit, app.oneshot(request)).await {
        Ok(response) => response,
        Err(_) => Ok((StatusCode::REQUEST_TIMEOUT, "request timeout\n").into_response()),
    }
}

//! Where tool work runs: on the blocking pool, a few calls at a time, within a time budget, so
//! no call can starve the transport or another session.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::Semaphore;

/// How long one call may take, queueing included, before its caller gets an error result.
pub const CALL_BUDGET: Duration = Duration::from_secs(10);

/// Overrides [`CALL_BUDGET`] in milliseconds; tests force the budget path with it.
pub const BUDGET_VAR: &str = "FISLINT_MCP_CALL_BUDGET_MS";

fn budget() -> Duration {
    static BUDGET: OnceLock<Duration> = OnceLock::new();
    *BUDGET.get_or_init(|| {
        std::env::var(BUDGET_VAR)
            .ok()
            .and_then(|ms| ms.trim().parse().ok())
            .map_or(CALL_BUDGET, Duration::from_millis)
    })
}

/// Calls beyond the cores queue: running more at once would only share the same CPU while
/// holding more memory.
fn slots() -> Arc<Semaphore> {
    static SLOTS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Arc::new(Semaphore::new(cores.max(2)))
    });
    Arc::clone(slots)
}

/// Runs `work` on the blocking pool. Past the budget the caller gets an error and the work is
/// abandoned: it finishes in the background and its result is dropped.
pub async fn offload<T, F>(work: F) -> Result<T, String>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, String> + Send + 'static,
{
    let budget = budget();
    let run = async {
        let slot = slots()
            .acquire_owned()
            .await
            .map_err(|_| "the server is shutting down".to_owned())?;
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            work()
        })
        .await
        .map_err(|e| format!("internal error in fislint: {e}"))?
    };
    tokio::time::timeout(budget, run).await.unwrap_or_else(|_| {
        Err(format!(
            "the call exceeded fislint's time budget of {} ms and was abandoned; send a smaller \
             input or split it",
            budget.as_millis()
        ))
    })
}

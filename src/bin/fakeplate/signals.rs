//! SIGINT, SIGTERM and SIGHUP stop a run at a record boundary: whatever is taken is flushed,
//! the summary is printed, and the process exits with 128 + the signal's number (130, 143,
//! 129), as shells report an interrupted command. A second signal ends the process at once,
//! for a flush that hangs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Set when a stopping signal arrives; cheap to poll between records.
#[derive(Clone)]
pub struct Stop(Arc<AtomicUsize>);

impl Stop {
    /// Installs the handlers. If they cannot be installed, signals end the process as usual.
    pub fn install() -> Stop {
        let stop = Stop(Arc::new(AtomicUsize::new(0)));
        stop.register();
        stop
    }

    #[cfg(unix)]
    fn register(&self) {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use std::sync::atomic::AtomicBool;
        let armed = Arc::new(AtomicBool::new(false));
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            // The order matters: the shutdown checks the flag the first signal sets after it.
            let _ = signal_hook::flag::register_conditional_shutdown(
                signal,
                128 + signal,
                armed.clone(),
            );
            let _ = signal_hook::flag::register(signal, armed.clone());
            let _ = signal_hook::flag::register_usize(signal, self.0.clone(), signal as usize);
        }
    }

    #[cfg(not(unix))]
    fn register(&self) {
        const SIGINT: usize = 2;
        let flag = self.0.clone();
        let _ = ctrlc::set_handler(move || flag.store(SIGINT, Ordering::SeqCst));
    }

    /// True once a signal asked the run to stop.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst) != 0
    }

    /// The exit status for a run a signal stopped: 128 + the signal's number.
    pub fn exit_status(&self) -> Option<u8> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(u8::try_from(128 + signal).unwrap_or(u8::MAX)),
        }
    }
}

//! Slow work off the UI thread: a named worker thread that reports progress through an atomic
//! counter and hands back its result through a channel; the window stays responsive, shows the
//! progress, and can ask the work to stop.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Progress shared with a worker: done out of total, and a stop request.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl Progress {
    /// Sets how much work there is.
    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }
    /// Sets how much is done.
    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }
    /// Done and total.
    pub fn get(&self) -> (u64, u64) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }
    /// Asks the worker to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
    /// The stop flag, for workers that take an `&AtomicBool`.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
    /// Whether a stop was asked for.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A job running on a worker thread.
pub struct Job<T> {
    /// What it is, for the progress line (e.g. 正在导出…).
    pub title: String,
    /// Its progress.
    pub progress: Arc<Progress>,
    result: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named `daocha-<name>`; `ctx` is repainted when it finishes.
    pub fn spawn(
        name: &str,
        title: impl Into<String>,
        ctx: &egui::Context,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Job<T>> {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let shared = Arc::clone(&progress);
        let ctx = ctx.clone();
        std::thread::Builder::new().name(format!("daocha-{name}")).spawn(move || {
            let result = work(&shared);
            let _ = tx.send(result);
            ctx.request_repaint();
        })?;
        Ok(Job { title: title.into(), progress, result: rx })
    }

    /// The result, once the worker is done.
    pub fn poll(&self) -> Option<Result<T, String>> {
        match self.result.try_recv() {
            Ok(result) => Some(Ok(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err("后台任务意外中止".to_string())),
        }
    }

    /// Draws a progress bar with a 取消 button; keeps the window repainting while it runs.
    pub fn ui(&self, ui: &mut egui::Ui) {
        let (done, total) = self.progress.get();
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(&self.title);
            if total > 0 {
                let fraction = done as f32 / total as f32;
                ui.add(egui::ProgressBar::new(fraction).desired_width(240.0).text(format!("{done} / {total}")));
            }
            if !self.progress.cancelled() && ui.button("取消").clicked() {
                self.progress.cancel();
            }
        });
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
    }
}

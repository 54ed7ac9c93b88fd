//! Work spread over the cores, results handed on in input order as soon as each one's turn comes.
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Most worker threads used: loading is bound by parsing and the disk, not worth more.
const MAX_WORKERS: usize = 8;

/// The cores this process may use, asked once: `available_parallelism` reads the cgroup files each time
/// (8% of a 22k-talk start, when the fingerprint asked it for each of 550 directories).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

/// Calls `work` on every item on a few threads and `sink` on each result in the order of `items`, on the
/// calling thread (so `sink` need not be `Send`), while later items are still being worked on.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let workers = cores().min(MAX_WORKERS).min(items.len());
    if workers <= 1 {
        return items.iter().for_each(|item| sink(work(item)));
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    // A closed channel means the receiving side is gone (it panicked): stop quietly.
                    if i >= items.len() || tx.send((i, work(&items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, result) in rx {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&due) {
                sink(result);
                due += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        // Early items take longest, so later ones finish first and must wait their turn.
        map_in_order(
            &items,
            |&i| {
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |r| seen.push(r),
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn empty_and_single_inputs() {
        let mut seen = Vec::new();
        map_in_order(&[] as &[u8], |&i| i, |r| seen.push(r));
        map_in_order(&[7u8], |&i| i, |r| seen.push(r));
        assert_eq!(seen, vec![7]);
    }
}

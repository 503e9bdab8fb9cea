//! Time: when each step starts and ends. The resolution pass (`World::run`) decides what each
//! step does and leaves its work as [`Stage`]s; this pass runs that work in time, from one
//! completion to the next (a fluid model):
//!
//! - an event starts at its `at:` time, or, without one, when every earlier event has ended;
//!   events start in order;
//! - a node does one step at a time (the kubelet pulls one image at a time, `serializeImagePulls`
//!   on by default), so a step waits for its node's earlier steps;
//! - a transfer from the registry or a shared store shares that capacity with every transfer
//!   from it at the same moment ([`flow::share`]), each at most at the node's link;
//! - a manifest request past the registry's rate limit is answered 429 and retried after
//!   [`cost::backoff`].
//!
//! Steps released together with the same work are one class with a member list, so 10,000
//! nodes pulling the same image at once cost one class per stage, not 10,000 flows. Routing and
//! bytes never depend on this pass: it only sets times.

use super::cost::{self, From, Stage};
use super::flow::{self, Group};
use super::scenario::RateLimit;
use super::Step;
use std::collections::VecDeque;

/// Rounds (one per completion time) the model runs at most; past it, what is left ends where it
/// stands and the simulation says so.
pub const MAX_ROUNDS: usize = 1_000_000;

/// What the model needs of the world besides the steps.
pub struct Capacities<'a> {
    pub registry: u64,
    /// Read bandwidth of each store, by index (only shared stores are drawn on).
    pub stores: &'a [u64],
    pub rate_limit: Option<RateLimit>,
    pub nodes: usize,
}

/// How the run ended: `None` when every step finished, or why the model stopped early.
pub type Stopped = Option<&'static str>;

/// The steps' work, kept beside the steps while they are built: each step's stages are one of
/// few distinct lists (the nodes of an event mostly do the same), so a step holds an id.
#[derive(Default)]
pub struct Work {
    /// Each distinct list of stages once.
    pub shapes: Vec<Vec<Stage>>,
    /// Per step: its work in `shapes`.
    pub shape_of: Vec<u32>,
    /// Per event: its first step and how many it has.
    pub events: Vec<(u32, u32)>,
    /// Per event: its `at:` time.
    pub at: Vec<Option<f64>>,
    /// Steps before the first event (CRI-O's first start).
    pub initial: Vec<u32>,
}

struct Class {
    shape: u32,
    stage: usize,
    /// Seconds (a wait, a manifest) or bytes per member (a transfer) left in this stage.
    left: f64,
    members: Vec<u32>,
    /// 429 answers each member has had so far.
    throttled: u32,
    /// Asleep until then, after a 429.
    wake: f64,
}

struct Run<'a> {
    shapes: &'a [Vec<Stage>],
    shape_of: &'a [u32],
    /// The steps, whose times this pass writes (each step's start, end and 429 count, in
    /// place: no copy of a million steps' times to allocate and merge back).
    steps: &'a mut [Step],
    caps: &'a Capacities<'a>,
    now: f64,
    classes: Vec<Class>,
    busy: Vec<bool>,
    queued: Vec<VecDeque<u32>>,
    /// Steps to start now.
    pending: Vec<u32>,
    /// Unfinished steps of the events started so far.
    open: usize,
    /// The rate limit's current window and the manifest requests it has served.
    window: (f64, u64),
    class_of_shape: Vec<(u32, u32)>,
    batch: u32,
}

/// Sets every step's start, end and 429 count (`steps` are the steps `work` describes, in
/// order); says whether the model stopped early.
pub fn run(work: &Work, caps: &Capacities, steps: &mut [Step]) -> Stopped {
    let (at, shapes) = (&work.at, &work.shapes);
    let mut run = Run {
        shapes,
        shape_of: &work.shape_of,
        steps,
        caps,
        now: 0.0,
        classes: Vec::new(),
        busy: vec![false; caps.nodes],
        queued: (0..caps.nodes).map(|_| VecDeque::new()).collect(),
        pending: Vec::new(),
        open: work.initial.len(),
        window: (0.0, 0),
        class_of_shape: vec![(u32::MAX, 0); shapes.len()],
        batch: 0,
    };
    for &s in &work.initial {
        run.take(s);
    }
    let event = |e: usize| work.events.get(e).copied().unwrap_or((0, 0));
    let mut next_event = 0;
    let mut rates: Vec<f64> = Vec::new();
    let mut stopped = None;
    for _ in 0..MAX_ROUNDS {
        // Start what can start now, and settle every stage that ends now, until nothing does.
        loop {
            while next_event < at.len() {
                let ready = match at[next_event] {
                    Some(t) => t <= run.now,
                    None => run.open == 0,
                };
                if !ready {
                    break;
                }
                let (first, count) = event(next_event);
                next_event += 1;
                run.open += count as usize;
                for s in first..first.saturating_add(count) {
                    run.take(s);
                }
            }
            let released = run.release();
            let settled = run.settle();
            // An event waiting for the earlier ones can start once none is open.
            let next_ready = next_event < at.len() && at[next_event].is_none() && run.open == 0;
            if !(released || settled || next_ready) {
                break;
            }
        }
        if run.classes.is_empty() && next_event >= at.len() {
            return stopped;
        }
        // The next moment something happens: a stage ends, a sleeper wakes, an event's time.
        run.rates(&mut rates);
        let mut dt = f64::INFINITY;
        for (c, class) in run.classes.iter().enumerate() {
            let t = if class.wake > run.now { class.wake - run.now } else { class.left / rates[c] };
            dt = dt.min(t);
        }
        if let Some(Some(t)) = at.get(next_event) {
            dt = dt.min(t - run.now);
        }
        if !dt.is_finite() || run.now + dt > cost::MAX_SECONDS {
            stopped = Some("the modelled times pass the model's limit (10^12 s)");
            run.now = cost::MAX_SECONDS.max(run.now);
            break;
        }
        let dt = dt.max(0.0);
        run.now += dt;
        for (c, class) in run.classes.iter_mut().enumerate() {
            if class.wake > run.now - dt {
                // Asleep for (part of) the interval: it only wakes.
                continue;
            }
            let moved = rates[c] * dt;
            // A stage whose end is this moment ends exactly (no float crumbs left).
            class.left = if class.left <= moved * (1.0 + 1e-12) { 0.0 } else { class.left - moved };
        }
    }
    // Out of rounds or of time: what is unfinished ends now.
    let stopped = stopped.or(Some("the model stopped after 1,000,000 rounds"));
    let now = run.now;
    for class in std::mem::take(&mut run.classes) {
        for s in class.members {
            let step = &mut run.steps[s as usize];
            (step.end, step.throttled) = (now, class.throttled);
        }
    }
    let queued: Vec<u32> = run.queued.iter_mut().flat_map(|q| q.drain(..)).collect();
    let later = (next_event..at.len()).flat_map(|e| {
        let (first, count) = event(e);
        first..first.saturating_add(count)
    });
    for s in queued.into_iter().chain(later) {
        if let Some(step) = run.steps.get_mut(s as usize) {
            (step.start, step.end) = (now, now);
        }
    }
    stopped
}

impl Run<'_> {
    fn node(&self, s: u32) -> Option<usize> {
        self.steps.get(s as usize).and_then(Step::node).filter(|&n| n < self.busy.len())
    }

    /// Step `s` is due: it starts now, or after its node's current step.
    fn take(&mut self, s: u32) {
        match self.node(s) {
            Some(n) if self.busy[n] => self.queued[n].push_back(s),
            Some(n) => {
                self.busy[n] = true;
                self.pending.push(s);
            }
            None => self.pending.push(s),
        }
    }

    /// Starts the pending steps, one class per distinct work. Whether any started.
    fn release(&mut self) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        self.batch += 1;
        let first_new = self.classes.len();
        for s in std::mem::take(&mut self.pending) {
            self.steps[s as usize].start = self.now;
            let shape = self.shape_of.get(s as usize).copied().filter(|&x| (x as usize) < self.shapes.len());
            let Some(shape) = shape else {
                // No work recorded: the step takes no time.
                self.steps[s as usize].end = self.now;
                self.done(s);
                continue;
            };
            let slot = &mut self.class_of_shape[shape as usize];
            if slot.1 == self.batch {
                self.classes[slot.0 as usize].members.push(s);
            } else {
                *slot = (self.classes.len() as u32, self.batch);
                self.classes.push(Class {
                    shape,
                    stage: 0,
                    left: f64::NAN,
                    members: vec![s],
                    throttled: 0,
                    wake: f64::NEG_INFINITY,
                });
            }
        }
        // New classes enter their first stage in `settle` (usize::MAX + 1 wraps to stage 0).
        for class in &mut self.classes[first_new..] {
            class.stage = usize::MAX;
        }
        true
    }

    /// Moves every class whose stage has ended (or that has just started) on to its next
    /// stage, finishing the classes with none left. Whether anything changed.
    fn settle(&mut self) -> bool {
        let mut changed = false;
        let mut c = 0;
        while c < self.classes.len() {
            let class = &self.classes[c];
            let due = class.stage == usize::MAX || (class.left == 0.0 && class.wake <= self.now);
            let woke = class.wake > f64::NEG_INFINITY && class.wake <= self.now;
            if !due && !woke {
                c += 1;
                continue;
            }
            changed = true;
            if woke {
                // Back from a 429: the manifest request again.
                self.classes[c].wake = f64::NEG_INFINITY;
                self.enter(c, self.classes[c].stage);
            } else {
                let next = self.classes[c].stage.wrapping_add(1);
                self.enter(c, next);
            }
            if self.classes[c].stage >= self.shapes[self.classes[c].shape as usize].len() {
                let class = self.classes.swap_remove(c);
                self.finish(class);
                continue;
            }
            c += 1;
        }
        changed
    }

    /// Class `c` enters stage `stage` (skipping stages with nothing to do); a manifest request
    /// over the rate limit splits off the members it refuses, asleep until their retry.
    fn enter(&mut self, c: usize, mut stage: usize) {
        let shape = &self.shapes[self.classes[c].shape as usize];
        while let Some(&s) = shape.get(stage) {
            let left = match s {
                Stage::Wait(x) => x,
                Stage::Transfer { bytes, .. } => bytes as f64,
                Stage::Manifest => {
                    if !self.admit(c) {
                        self.classes[c].stage = stage;
                        return;
                    }
                    cost::MANIFEST_SECONDS
                }
            };
            if left.is_finite() && left > 0.0 {
                self.classes[c].stage = stage;
                self.classes[c].left = left;
                return;
            }
            stage += 1;
        }
        self.classes[c].stage = stage;
    }

    /// The rate limit's answer to class `c`'s manifest requests: the members it serves stay,
    /// the others get 429 and sleep. Whether any member was served.
    fn admit(&mut self, c: usize) -> bool {
        let Some(limit) = self.caps.rate_limit else { return true };
        let window = (self.now / limit.window).floor() * limit.window;
        if window != self.window.0 {
            self.window = (window, 0);
        }
        let free = limit.requests.saturating_sub(self.window.1);
        let class = &mut self.classes[c];
        let served = (class.members.len() as u64).min(free) as usize;
        self.window.1 += served as u64;
        if served == class.members.len() {
            return true;
        }
        let throttled = class.throttled.saturating_add(1);
        let wake = self.now + cost::backoff(throttled);
        if served == 0 {
            class.throttled = throttled;
            class.wake = wake;
            return false;
        }
        let refused = class.members.split_off(served);
        let (shape, stage) = (class.shape, class.stage);
        self.classes.push(Class { shape, stage, left: f64::NAN, members: refused, throttled, wake });
        true
    }

    fn finish(&mut self, class: Class) {
        for &s in &class.members {
            let step = &mut self.steps[s as usize];
            (step.end, step.throttled) = (self.now, class.throttled);
            self.done(s);
        }
    }

    /// Step `s` has ended: its node takes its next step, if one waits.
    fn done(&mut self, s: u32) {
        self.open = self.open.saturating_sub(1);
        if let Some(n) = self.node(s) {
            match self.queued[n].pop_front() {
                Some(next) => self.pending.push(next),
                None => self.busy[n] = false,
            }
        }
    }

    /// Each class's rate in its stage: 1 (seconds per second) for a wait or a manifest, its
    /// share of its source for a transfer.
    fn rates(&self, rates: &mut Vec<f64>) {
        rates.clear();
        rates.resize(self.classes.len(), 1.0);
        let mut sources: Vec<(From, Vec<usize>)> = Vec::new();
        for (c, class) in self.classes.iter().enumerate() {
            if let Some(Stage::Transfer { from, .. }) = self.shapes[class.shape as usize].get(class.stage) {
                if class.wake > self.now {
                    continue;
                }
                match sources.iter_mut().find(|(f, _)| f == from) {
                    Some((_, list)) => list.push(c),
                    None => sources.push((*from, vec![c])),
                }
            }
        }
        let mut groups = Vec::new();
        let mut shares = Vec::new();
        for (from, list) in &sources {
            let capacity = match from {
                From::Registry => self.caps.registry,
                From::Store(id) => self.caps.stores.get(*id as usize).copied().unwrap_or(1),
            };
            groups.clear();
            for &c in list {
                let class = &self.classes[c];
                let streams = match self.shapes[class.shape as usize][class.stage] {
                    Stage::Transfer { streams, .. } => streams,
                    _ => 1,
                };
                groups.push(Group {
                    count: class.members.len() as u64,
                    weight: f64::from(streams.max(1)),
                    cap: cost::NODE_LINK_BANDWIDTH as f64,
                });
            }
            flow::share(capacity as f64, &groups, &mut shares);
            for (&c, &r) in list.iter().zip(&shares) {
                rates[c] = r;
            }
        }
    }
}

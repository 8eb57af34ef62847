//! The arc-hybrid transition system, its dynamic oracle, and the lifting
//! that makes training trees projective.
//!
//! Nodes are numbered as in CoNLL-U: words `1..=n`, the artificial root `0`.
//! The root sits at the *end* of the buffer (Ballesteros & Nivre 2013), so a
//! word is attached to it only by the last LEFT arc of the sentence:
//!
//! * SHIFT moves the first buffer word `b0` onto the stack (never the root);
//! * LEFT(l) pops `s0` and makes `b0` its head;
//! * RIGHT(l) pops `s0` and makes `s1` its head.
//!
//! LEFT onto the root is allowed only when the stack holds one word and then
//! only with the label `root`, so every parse has exactly one root word, as
//! UD requires. Parsing ends when the stack is empty and only the root is
//! left in the buffer: `2n` transitions for `n` words, linear time.
//!
//! The costs are those of Goldberg & Nivre (2013) for arc-hybrid: the number
//! of gold arcs that a transition makes unreachable, plus one when its label
//! is wrong for an arc it builds correctly. Arc-hybrid is arc-decomposable,
//! so these costs are exact for projective gold trees; training trees are
//! first made projective by [`projectivize`].

/// No head yet.
pub(crate) const NO_HEAD: u32 = u32::MAX;

/// Transition classes: `0` is SHIFT, `1 + l` is LEFT with local label `l`,
/// `1 + L + l` is RIGHT with label `l`, for `L` labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left(u8),
    Right(u8),
}

impl Move {
    /// The class index of the move for `n_labels` labels.
    #[inline]
    pub(crate) fn class(self, n_labels: usize) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(l) => 1 + l as usize,
            Move::Right(l) => 1 + n_labels + l as usize,
        }
    }
}

/// A parser configuration plus what the features read of the partial tree:
/// the two outermost children on each side, valency and label sets.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    /// Number of words.
    pub n: usize,
    /// The stack, top last.
    pub stack: Vec<u32>,
    /// First buffer word (1-based); `n + 1` means only the root is left.
    pub b: usize,
    /// Head of each node (`NO_HEAD` while unattached); index 0 is the root.
    pub heads: Vec<u32>,
    /// Local label index of each node's arc.
    pub labels: Vec<u8>,
    /// Leftmost and second leftmost child (0 = none).
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    /// Rightmost and second rightmost child (0 = none).
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    /// Number of left and right children.
    pub lval: Vec<u8>,
    pub rval: Vec<u8>,
    /// Labels of the left and right children, one bit per label (mod 64).
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
    /// Whether each node is on the stack.
    pub in_stack: Vec<bool>,
}

impl State {
    /// Resets to the initial configuration for `n` words, reusing memory.
    pub(crate) fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b = 1;
        for v in [
            &mut self.heads,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 1, 0);
        }
        self.heads.iter_mut().for_each(|h| *h = NO_HEAD);
        for v in [&mut self.labels, &mut self.lval, &mut self.rval] {
            v.clear();
            v.resize(n + 1, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(n + 1, 0);
        }
        self.in_stack.clear();
        self.in_stack.resize(n + 1, false);
    }

    /// True when the parse is complete.
    #[inline]
    pub(crate) fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b > self.n
    }

    /// The node at the front of the buffer (0 for the root).
    #[inline]
    pub(crate) fn b0(&self) -> u32 {
        if self.b <= self.n { self.b as u32 } else { 0 }
    }

    /// The `k`-th buffer node (root after the last word), if any.
    #[inline]
    pub(crate) fn buffer(&self, k: usize) -> Option<u32> {
        let i = self.b + k;
        if i <= self.n {
            Some(i as u32)
        } else if i == self.n + 1 {
            Some(0)
        } else {
            None
        }
    }

    /// The `k`-th node from the top of the stack, if any.
    #[inline]
    pub(crate) fn stack_at(&self, k: usize) -> Option<u32> {
        let len = self.stack.len();
        if k < len {
            Some(self.stack[len - 1 - k])
        } else {
            None
        }
    }

    /// Which kinds of move are legal: (shift, left, right).
    #[inline]
    pub(crate) fn legal(&self) -> (bool, bool, bool) {
        let depth = self.stack.len();
        let shift = self.b <= self.n;
        let left = depth >= 1 && (self.b <= self.n || depth == 1);
        let right = depth >= 2;
        (shift, left, right)
    }

    /// Whether LEFT goes to the root (then only the root label is legal;
    /// otherwise the root label is illegal).
    #[inline]
    pub(crate) fn left_to_root(&self) -> bool {
        self.b > self.n
    }

    /// Applies a legal move.
    pub(crate) fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                let w = self.b as u32;
                self.stack.push(w);
                self.in_stack[w as usize] = true;
                self.b += 1;
            }
            Move::Left(l) => {
                let h = self.b0();
                if let Some(d) = self.stack.pop() {
                    self.in_stack[d as usize] = false;
                    self.attach(h, d, l);
                }
            }
            Move::Right(l) => {
                if let Some(d) = self.stack.pop() {
                    self.in_stack[d as usize] = false;
                    if let Some(&h) = self.stack.last() {
                        self.attach(h, d, l);
                    }
                }
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, l: u8) {
        let (hi, di) = (h as usize, d as usize);
        self.heads[di] = h;
        self.labels[di] = l;
        let bit = 1u64 << (l % 64);
        if h == 0 || d < h {
            if self.lc1[hi] == 0 || d < self.lc1[hi] {
                self.lc2[hi] = self.lc1[hi];
                self.lc1[hi] = d;
            } else if self.lc2[hi] == 0 || d < self.lc2[hi] {
                self.lc2[hi] = d;
            }
            self.lval[hi] = self.lval[hi].saturating_add(1);
            self.lset[hi] |= bit;
        } else {
            if d > self.rc1[hi] {
                self.rc2[hi] = self.rc1[hi];
                self.rc1[hi] = d;
            } else if d > self.rc2[hi] {
                self.rc2[hi] = d;
            }
            self.rval[hi] = self.rval[hi].saturating_add(1);
            self.rset[hi] |= bit;
        }
    }

    #[inline]
    fn in_buffer(&self, x: u32) -> bool {
        x == 0 || x as usize >= self.b
    }
}

/// A gold tree for the oracle: heads and local labels per node (index 0
/// unused), and each node's children.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gold {
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    /// Children of node `h` are `children[child_start[h]..child_start[h+1]]`.
    pub children: Vec<u32>,
    pub child_start: Vec<u32>,
}

impl Gold {
    /// Builds the gold tree from 1-based heads (0 = root) and labels of
    /// words `1..=n` (given for words only, index 0 = word 1).
    pub(crate) fn new(heads: &[u32], labels: &[u8]) -> Gold {
        let n = heads.len();
        let mut h = vec![NO_HEAD; n + 1];
        h[1..].copy_from_slice(heads);
        let mut l = vec![0u8; n + 1];
        l[1..].copy_from_slice(labels);
        let mut count = vec![0u32; n + 2];
        for &x in heads {
            count[x as usize + 1] += 1;
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        let child_start = count.clone();
        let mut fill = count;
        let mut children = vec![0u32; n];
        for (i, &x) in heads.iter().enumerate() {
            children[fill[x as usize] as usize] = i as u32 + 1;
            fill[x as usize] += 1;
        }
        Gold {
            heads: h,
            labels: l,
            children,
            child_start,
        }
    }

    #[inline]
    fn children(&self, h: u32) -> &[u32] {
        let a = self.child_start[h as usize] as usize;
        let b = self.child_start[h as usize + 1] as usize;
        &self.children[a..b]
    }
}

/// Unlabelled costs of (SHIFT, LEFT, RIGHT) in `st` against `gold`;
/// `u32::MAX` for an illegal move. Also returns whether the arc that LEFT
/// and RIGHT would build is a gold arc (so its label matters).
pub(crate) fn costs(st: &State, gold: &Gold) -> ([u32; 3], [bool; 2]) {
    let (can_shift, can_left, can_right) = st.legal();
    let mut c = [u32::MAX; 3];
    let mut gold_arc = [false; 2];
    if can_shift {
        let x = st.b as u32;
        let h = gold.heads[x as usize];
        let s0 = st.stack.last().copied();
        let mut k = 0;
        if h != 0 && st.in_stack[h as usize] && Some(h) != s0 {
            k += 1;
        }
        k += gold
            .children(x)
            .iter()
            .filter(|&&d| st.in_stack[d as usize])
            .count() as u32;
        c[0] = k;
    }
    if let Some(&s0) = st.stack.last() {
        let h = gold.heads[s0 as usize];
        let lost_deps = gold
            .children(s0)
            .iter()
            .filter(|&&d| d as usize >= st.b)
            .count() as u32;
        let s1 = st.stack_at(1);
        if can_left {
            let b0 = st.b0();
            let mut k = lost_deps;
            if h != b0 && (Some(h) == s1 || st.in_buffer(h)) {
                k += 1;
            }
            c[1] = k;
            gold_arc[0] = h == b0;
        }
        if can_right {
            let mut k = lost_deps;
            if Some(h) != s1 && st.in_buffer(h) {
                k += 1;
            }
            c[2] = k;
            gold_arc[1] = Some(h) == s1;
        }
    }
    (c, gold_arc)
}

/// The cost of a labelled move given the unlabelled costs.
#[inline]
pub(crate) fn move_cost(m: Move, st: &State, gold: &Gold, c: &[u32; 3], ga: &[bool; 2]) -> u32 {
    match m {
        Move::Shift => c[0],
        Move::Left(l) => {
            let top = st.stack.last().copied().unwrap_or(0) as usize;
            c[1].saturating_add(u32::from(ga[0] && gold.labels[top] != l))
        }
        Move::Right(l) => {
            let top = st.stack.last().copied().unwrap_or(0) as usize;
            c[2].saturating_add(u32::from(ga[1] && gold.labels[top] != l))
        }
    }
}

/// Makes a tree projective by lifting: while some arc is non-projective,
/// the shortest such arc is re-attached to its head's head (labels kept).
/// `heads` are 1-based with 0 the root, one per word. Returns how many
/// arcs were lifted. A tree whose heads do not form a tree (cycles) is
/// left as it is.
pub(crate) fn projectivize(heads: &mut [u32]) -> usize {
    let n = heads.len();
    if !is_tree(heads) {
        return 0;
    }
    let mut lifted = 0;
    loop {
        let mut worst: Option<(usize, usize)> = None; // (length, dependent)
        for d in 1..=n {
            let h = heads[d - 1] as usize;
            if !arc_projective(heads, h, d) {
                let len = h.abs_diff(d);
                if worst.is_none_or(|(l, _)| len < l) {
                    worst = Some((len, d));
                }
            }
        }
        let Some((_, d)) = worst else { break };
        let h = heads[d - 1] as usize;
        if h == 0 {
            break; // cannot happen for a root arc with the root at 0
        }
        heads[d - 1] = heads[h - 1];
        lifted += 1;
    }
    lifted
}

/// True when every node reaches the root without a cycle.
fn is_tree(heads: &[u32]) -> bool {
    let n = heads.len();
    for start in 1..=n {
        let mut x = start;
        let mut steps = 0;
        while x != 0 {
            let h = heads[x - 1] as usize;
            if h > n {
                return false;
            }
            x = h;
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    true
}

/// An arc h → d (root at position 0) is projective when every word
/// strictly between them descends from h.
fn arc_projective(heads: &[u32], h: usize, d: usize) -> bool {
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|k| dominates(heads, h, k))
}

fn dominates(heads: &[u32], h: usize, mut k: usize) -> bool {
    while k != 0 {
        if k == h {
            return true;
        }
        k = heads[k - 1] as usize;
    }
    h == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the first zero-cost move at each step.
    fn follow_oracle(heads: &[u32], labels: &[u8], n_labels: u8, root: u8) -> State {
        let gold = Gold::new(heads, labels);
        let mut st = State::default();
        st.reset(heads.len());
        let mut guard = 0;
        while !st.terminal() {
            let (c, ga) = costs(&st, &gold);
            let mut moves = vec![Move::Shift];
            for l in 0..n_labels {
                moves.push(Move::Left(l));
                moves.push(Move::Right(l));
            }
            let (s, lft, r) = st.legal();
            let best = moves
                .into_iter()
                .filter(|m| match m {
                    Move::Shift => s,
                    Move::Left(l) => lft && ((*l == root) == st.left_to_root()),
                    Move::Right(l) => r && *l != root,
                })
                .find(|&m| move_cost(m, &st, &gold, &c, &ga) == 0)
                .expect("a zero-cost move exists on a projective gold tree");
            st.apply(best);
            guard += 1;
            assert!(guard <= 2 * heads.len());
        }
        st
    }

    // Our own small trees ("Officials said the talks resumed on Monday ."),
    // labels as small local ids; label 0 is the root label.
    const TREES: &[(&[u32], &[u8])] = &[
        (&[2, 0, 4, 5, 2, 7, 5, 2], &[1, 0, 2, 1, 3, 4, 5, 6]),
        (&[0], &[0]),
        (&[2, 0, 2], &[1, 0, 3]),
        (&[3, 3, 0, 3, 6, 4, 3], &[2, 1, 0, 5, 2, 4, 6]),
        (&[0, 1, 2, 3, 4, 5], &[0, 1, 1, 1, 1, 1]),
        (&[6, 6, 6, 6, 6, 0], &[1, 2, 3, 4, 5, 0]),
    ];

    #[test]
    fn zero_cost_path_reproduces_projective_gold_trees() {
        for (heads, labels) in TREES {
            let st = follow_oracle(heads, labels, 7, 0);
            assert_eq!(&st.heads[1..], *heads);
            assert_eq!(&st.labels[1..], *labels);
        }
    }

    #[test]
    fn wrong_moves_cost_what_they_lose() {
        // "Rebels attacked the town": 1 -> 2, 2 root, 3 -> 4, 4 -> 2.
        let heads = [2, 0, 4, 2];
        let labels = [1, 0, 2, 3];
        let gold = Gold::new(&heads, &labels);
        let mut st = State::default();
        st.reset(4);
        st.apply(Move::Shift); // stack [1], b0 = 2
        let (c, ga) = costs(&st, &gold);
        // SHIFT would lose 1's head (2 can no longer take 1 as a left child).
        assert_eq!(c[0], 1);
        assert_eq!(c[1], 0);
        assert!(ga[0]);
        assert_eq!(move_cost(Move::Left(2), &st, &gold, &c, &ga), 1);
        assert_eq!(c[2], u32::MAX);
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // 1 <- 3 root; 2 -> 4 crosses 3 -> 1? Build: heads 3,4,0,3 :
        // arc 4 -> 2 spans word 3 which 4 does not dominate.
        let mut heads = vec![3, 4, 0, 3];
        assert_eq!(projectivize(&mut heads), 1);
        assert_eq!(heads, vec![3, 3, 0, 3]);
        let mut proj = vec![2, 0, 4, 2];
        assert_eq!(projectivize(&mut proj), 0);
        let st = follow_oracle(&heads, &[1, 2, 0, 3], 4, 0);
        assert_eq!(&st.heads[1..], &heads[..]);
    }
}

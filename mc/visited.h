// The visited set as the search sees it: one interface, so that another set
// (a concurrent or a compact one) plugs in without touching the search. The
// search hashes states itself, on its worker threads, with hash_state(); a
// set that needs another hash may ignore the one it is given.
#pragma once

#include "mc/model.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace smsmc::mc {

/// Dense state ids, in discovery order. 32 bits keep a stored edge at 4
/// bytes of target; the search stops cleanly ("state-id-limit") before a set
/// would have to hand out more than it can number.
using StateId = std::uint32_t;
inline constexpr StateId no_state = std::numeric_limits<StateId>::max();

/// XXH3 of the state's words: fast on the 16-byte keys of the protocol.
/// (Symmetry reduction would canonicalise a state before this hash.)
inline std::uint64_t hash_state(const Word* state, std::size_t words) {
  return XXH3_64bits(state, words * sizeof(Word));
}

/// One worker's share of a batch of successors for the parallel insertion
/// (VisitedSet::partitions()): `count` states back to back, their hashes,
/// per state the outputs and a word the set may use between the steps, and
/// the states' indices grouped by partition_of() their hash (the worker
/// sorts them, so that a partition's thread reads only its own states):
/// group p is route[route_start[p]] .. route[route_start[p + 1] - 1], each
/// group in increasing order.
struct BatchPart {
  std::size_t count = 0;
  const Word* states = nullptr;
  const std::uint64_t* hashes = nullptr;
  StateId* ids = nullptr;
  std::uint8_t* fresh = nullptr;
  std::uint64_t* scratch = nullptr;
  const std::uint32_t* route = nullptr;
  const std::size_t* route_start = nullptr;
};
/// A batch: its parts in discovery order (the order a sequential insert()
/// of part 0, then part 1, ... would see the states).
using Batch = std::vector<BatchPart>;

/// What the search needs of a visited set. Contract:
/// - ids are dense, 0..size()-1, handed out in insertion order; a state's id
///   and the address at(id) returns never change;
/// - insert() is called by one thread at a time; read(), at() and size() may
///   be called from several threads at once while no insert() runs (the
///   search alternates parallel expansion with insertion);
/// - the search never inserts more than capacity() states, counting
///   duplicates: it checks the bound before each batch;
/// - a set with partitions() > 1 also takes a batch on several threads, in
///   three steps with a join between them: insert_partition(batch, p) for
///   every p < partitions() at once, one thread each; then number(batch) on
///   one thread; then commit_part(batch, i) for every part i at once. The
///   ids and fresh flags are then exactly those insert() of the parts in
///   order would give: a new state's id is its rank in discovery order, so
///   ids do not depend on the partition or thread count. The search calls
///   reserve(size() + every state in the batch) first, so no step
///   allocates, and no step may fail halfway.
class VisitedSet {
 public:
  virtual ~VisitedSet() = default;
  /// Words per state.
  [[nodiscard]] virtual std::size_t words() const = 0;
  [[nodiscard]] virtual std::uint64_t size() const = 0;
  /// The most ids this set can hand out.
  [[nodiscard]] virtual std::uint64_t capacity() const = 0;
  /// The stored words of state `id`. A set that does not store them (the
  /// compact one, mc/compact_store.h) throws std::logic_error: callers that
  /// may meet any set use read().
  [[nodiscard]] virtual const Word* at(StateId id) const = 0;
  /// Writes state `id`'s words (words() of them) to `out`.
  virtual void read(StateId id, Word* out) const { std::copy_n(at(id), words(), out); }
  /// Inserts `count` states (words() words each, back to back) whose
  /// hash_state() hashes are `hashes`, in order. Writes each one's id to
  /// ids[i] and to fresh[i] whether it was new. Batches let a set overlap the
  /// cache misses of its table (and a concurrent set take its locks once).
  virtual void insert(std::size_t count, const Word* states, const std::uint64_t* hashes, StateId* ids,
                      std::uint8_t* fresh) = 0;
  /// Bytes the set holds (keys and index), for a memory budget.
  [[nodiscard]] virtual std::size_t bytes() const = 0;
  /// bytes() split for the statistics: the stored states (keys) and the
  /// index over them (slots); other bytes (a dictionary) are neither.
  [[nodiscard]] virtual std::size_t key_bytes() const { return bytes(); }
  [[nodiscard]] virtual std::size_t slot_bytes() const { return 0; }
  /// How the set stores a state, for the statistics.
  [[nodiscard]] virtual std::string encoding() const { return "plain"; }

  // Memory budget hooks (mc/budget.h: charge first, then allocate, then
  // mutate). The search calls both before each batch with `states` = size()
  // plus the batch's successors, duplicates included. A set that keeps the
  // defaults still works: it is charged after each insert instead, so it may
  // overshoot the budget by one batch, and an allocation failure inside
  // insert() stops the search with the batch half inserted (the verdicts
  // stay sound; the state count includes the half batch).
  /// The bytes the set will hold once it holds `states` states (an upper
  /// bound is fine).
  [[nodiscard]] virtual std::size_t bytes_when_holding(std::uint64_t states) const {
    (void)states;
    return bytes();
  }
  /// Allocates now what holding `states` states needs, so that insert()
  /// allocates nothing until then; a std::bad_alloc leaves the set as it was.
  virtual void reserve(std::uint64_t states) { (void)states; }

  // Parallel insertion (the contract above). The defaults are a set that
  // has none: the search then inserts with insert() on one thread.
  [[nodiscard]] virtual unsigned partitions() const { return 1; }
  /// The partition a state of hash `hash` belongs to, below partitions().
  [[nodiscard]] virtual unsigned partition_of(std::uint64_t hash) const {
    (void)hash;
    return 0;
  }
  /// Looks up and inserts, as new and not yet numbered, the batch's states
  /// that fall in partition `partition`; touches only that partition and
  /// those states' ids, fresh and scratch.
  virtual void insert_partition(const Batch& batch, unsigned partition) {
    (void)batch;
    (void)partition;
  }
  /// Numbers the batch's new states in discovery order; sets every ids[i]
  /// and fresh[i] (0 or 1).
  virtual void number(const Batch& batch) { (void)batch; }
  /// Stores part `part`'s new states under their ids.
  virtual void commit_part(const Batch& batch, std::size_t part) {
    (void)batch;
    (void)part;
  }
};

}  // namespace smsmc::mc

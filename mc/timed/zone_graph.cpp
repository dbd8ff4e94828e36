#include "mc/timed/zone_graph.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::mc::timed {

ZoneGraph::ZoneGraph(const TimedModel& model, ZoneGraphOptions options)
    : model_(model),
      options_(options),
      clocks_(model.clock_count()),
      dim_(model.clock_count() + 1 + (options.global_clock ? 1 : 0)),
      words_(model.discrete().state_words()),
      lower_(dim_, no_bound),
      upper_(dim_, no_bound) {
  if (options_.horizon < 0 || options_.horizon > Bound::constant_limit) {
    throw std::invalid_argument("horizon out of range: " + std::to_string(options_.horizon));
  }
}

std::vector<std::string> ZoneGraph::clock_names() const {
  std::vector<std::string> names{"0"};
  for (ClockId x = 1; x <= clocks_; ++x) names.push_back(model_.clock_name(x));
  if (options_.global_clock) names.emplace_back("t");
  return names;
}

void ZoneGraph::check_constraints(const std::vector<Constraint>& constraints, const LocationTiming& at,
                                  const char* what, const std::string& where) const {
  const bool extrapolating = options_.extrapolation != Extrapolation::none || options_.covering == Covering::alu;
  for (const Constraint& c : constraints) {
    auto fail = [&](const std::string& why) {
      throw std::invalid_argument(std::string(what) + " of " + where + ": " + why);
    };
    if (c.i > clocks_ || c.j > clocks_ || c.i == c.j) fail("a constraint names no valid pair of clocks");
    if ((c.i != 0 && !at.active[c.i]) || (c.j != 0 && !at.active[c.j])) {
      fail("reads the inactive clock " + model_.clock_name(c.i != 0 && !at.active[c.i] ? c.i : c.j));
    }
    if (c.bound.is_infinite()) continue;
    const std::int64_t constant = c.bound.value() < 0 ? -c.bound.value() : c.bound.value();
    if (constant > Bound::constant_limit) fail("constant out of range: " + std::to_string(c.bound.value()));
    if (!extrapolating) continue;
    if (c.is_diagonal()) fail("diagonal constraints (x - y) need extrapolation off and inclusion covering");
    // A bound the LU bounds do not cover would make extrapolation unsound.
    const bool upper = c.j == 0;
    const ClockId x = upper ? c.i : c.j;
    const std::int64_t limit = upper ? at.upper[x] : at.lower[x];
    const std::int64_t value = upper ? c.bound.value() : -c.bound.value();
    if (limit == no_bound || value > limit) {
      throw std::logic_error(std::string(what) + " of " + where + " compares " + model_.clock_name(x) + " with " +
                             std::to_string(value) + ", beyond its " + (upper ? "U" : "L") + " bound");
    }
  }
}

void ZoneGraph::location(const Word* state, LocationTiming& out) const {
  out.clear(clocks_);
  model_.location(state, out);
  if (out.active.size() != clocks_ + 1 || out.lower.size() != clocks_ + 1 || out.upper.size() != clocks_ + 1) {
    throw std::invalid_argument("location timing has the wrong number of clocks");
  }
  for (std::size_t x = 1; x <= clocks_; ++x) {
    for (const std::int64_t b : {out.lower[x], out.upper[x]}) {
      if (b != no_bound && (b < 0 || b > Bound::constant_limit)) {
        throw std::invalid_argument("LU bound of " + model_.clock_name(static_cast<ClockId>(x)) + " out of range");
      }
    }
  }
  check_constraints(out.invariant, out, "invariant", "a state");
}

void ZoneGraph::fill_entry(const Bound* zone, EntryFacts& facts) const {
  const ClockId t = global_clock();
  if (t == 0) return;
  facts.t_upper = zone[t * dim_];
  facts.t_lower_negated = zone[t];
}

bool ZoneGraph::delay_and_extrapolate(const LocationTiming& at, Bound* zone, EntryFacts& facts) const {
  dbm::up(zone, dim_);
  for (const Constraint& c : at.invariant) {
    if (!dbm::constrain(zone, dim_, c.i, c.j, c.bound)) return false;
  }
  for (ClockId x = 1; x <= clocks_; ++x) {
    if (!at.active[x]) dbm::free(zone, dim_, x);
  }
  facts.divergent = true;
  for (ClockId x = 1; x <= clocks_ && facts.divergent; ++x) facts.divergent = zone[x * dim_].is_infinite();
  if (options_.extrapolation == Extrapolation::none) return true;
  lu_bounds(at, lower_.data(), upper_.data());
  dbm::extrapolate(options_.extrapolation, zone, dim_, lower_.data(), upper_.data());
  return true;
}

void ZoneGraph::lu_bounds(const LocationTiming& at, std::int64_t* lower, std::int64_t* upper) const {
  std::copy(at.lower.begin(), at.lower.end(), lower);
  std::copy(at.upper.begin(), at.upper.end(), upper);
  if (options_.global_clock) lower[dim_ - 1] = upper[dim_ - 1] = options_.horizon;
}

bool ZoneGraph::initial(const Word*, const LocationTiming& at, Bound* zone, EntryFacts& facts) const {
  dbm::zero(zone, dim_);
  for (ClockId x = 1; x <= clocks_; ++x) {
    if (!at.active[x]) dbm::free(zone, dim_, x);
  }
  for (const Constraint& c : at.invariant) {
    if (!dbm::constrain(zone, dim_, c.i, c.j, c.bound)) return false;
  }
  fill_entry(zone, facts);
  return delay_and_extrapolate(at, zone, facts);
}

bool ZoneGraph::successor(const Word* source, const LocationTiming& at_source, const Bound* zone, Action action,
                          Word* target, LocationTiming& at_target, Bound* out, EntryFacts& facts) const {
  model_.discrete().next_state(source, action, target);
  location(target, at_target);
  edge_.clear();
  model_.edge(source, at_source, action, target, at_target, edge_);
  check_constraints(edge_.guard, at_source, "guard", model_.discrete().format_action(action));
  std::copy(zone, zone + dim_ * dim_, out);
  for (const Constraint& c : edge_.guard) {
    if (!dbm::constrain(out, dim_, c.i, c.j, c.bound)) return false;
  }
  for (const ClockId x : edge_.resets) {
    if (x == 0 || x > clocks_) throw std::invalid_argument("reset of a clock that does not exist");
    dbm::reset(out, dim_, x);
  }
  for (ClockId x = 1; x <= clocks_; ++x) {
    if (at_target.active[x] && !at_source.active[x] &&
        std::find(edge_.resets.begin(), edge_.resets.end(), x) == edge_.resets.end()) {
      throw std::invalid_argument("clock " + model_.clock_name(x) + " becomes active without a reset in " +
                                  model_.discrete().format_action(action));
    }
  }
  for (const Constraint& c : at_target.invariant) {
    if (!dbm::constrain(out, dim_, c.i, c.j, c.bound)) return false;
  }
  fill_entry(out, facts);
  return delay_and_extrapolate(at_target, out, facts);
}

}  // namespace smsmc::mc::timed

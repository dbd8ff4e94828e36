// Building blocks every service machine is written with, and the two ways a
// machine runs: as a real Boost.MSM back end, or as the table the explorer
// compiles from the very same MSM transition_table (walked with mpl::for_each
// over each Row's Source/Evt/Target/Action/Guard). Guards and actions are
// written once, as static functions over a Context, and both paths call them.
#pragma once

#include "statemachines/world.h"

#include <boost/mpl/begin_end.hpp>
#include <boost/mpl/contains.hpp>
#include <boost/mpl/distance.hpp>
#include <boost/mpl/find.hpp>
#include <boost/mpl/fold.hpp>
#include <boost/mpl/for_each.hpp>
#include <boost/mpl/if.hpp>
#include <boost/mpl/push_back.hpp>
#include <boost/mpl/size.hpp>
#include <boost/mpl/vector.hpp>
#include <boost/msm/back/mpl_graph_fsm_check.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace smsmc::sm {

namespace msmf = boost::msm::front;

/// An event the actor itself decides to fire when its table enables it: the
/// scheduler (BFS, RapidCheck, replay) chooses among these.
struct step_event {
  static constexpr bool spontaneous = true;
  /// The name of the step's duration in timed mode (spec/timing.yaml):
  /// every step event declares one beside its name, e.g. "link.transit".
  /// Left null here so a step that forgets it is caught by a test
  /// (tests/timing_test.cpp) rather than timed with a made-up default.
  static constexpr const char* duration = nullptr;
};
/// An event another machine's action delivers synchronously. A message the
/// receiver's table does not accept is a finding (no_transition).
struct message_event {
  static constexpr bool spontaneous = false;
  static constexpr const char* duration = nullptr;  // messages take no time
};

/// CRTP base for guards: `static bool check(const Context&)` is the guard;
/// operator() is what Boost.MSM calls.
template <class Derived>
struct guard {
  template <class Event, class Fsm, class Source, class Target>
  bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    return Derived::check(fsm.context());
  }
};

/// CRTP base for actions: `static void run(const Context&)` is the action.
template <class Derived>
struct action {
  template <class Event, class Fsm, class Source, class Target>
  void operator()(const Event&, Fsm& fsm, Source&, Target&) const {
    Derived::run(fsm.context());
  }
};

/// A message `target`'s table does not handle in `state` (an index in its
/// machine): sets the unhandled-event ghost bit and logs "unhandled event
/// <event> in state <State>". Both runners' deliver() call it when no row
/// fires, so a trace that shows an unhandled event replays through the
/// Boost.MSM back ends with the same log lines.
void report_unhandled_event(const Context& target, int event, unsigned state);

/// CRTP base for every service's front end. It carries the actor's identity
/// so guards can see the rest of the world.
template <class Derived>
struct machine_def : msmf::state_machine_def<Derived> {
  World* world = nullptr;
  int self = -1;

  [[nodiscard]] Context context() const { return Context(*world, self); }

  /// Instead of MSM's default assert: process_event returns HANDLED_FALSE,
  /// and the runner that delivered the event reports it
  /// (report_unhandled_event), as the compiled tables do.
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int) {}
};

template <class Def>
using back_end = boost::msm::back::state_machine<Def, boost::msm::back::mpl_graph_fsm_check>;

/// MSM's own state id for State in machine Def (what current_state() reports).
template <class Def, class State>
constexpr unsigned state_id() {
  return static_cast<unsigned>(boost::msm::back::get_state_id<typename back_end<Def>::stt, State>::value);
}

namespace detail {
template <class T>
struct wrap {
  using held = T;  // not `type`: MPL would treat wrap as a metafunction
};

struct add_event {
  template <class Seq, class Row>
  struct apply : boost::mpl::if_<boost::mpl::contains<Seq, typename Row::Evt>, Seq,
                                 typename boost::mpl::push_back<Seq, typename Row::Evt>::type> {};
};

template <class G>
struct guard_of {
  static constexpr bool (*fn)(const Context&) = &G::check;
  static constexpr const char* name = G::name;
};
template <>
struct guard_of<msmf::none> {
  static constexpr bool (*fn)(const Context&) = nullptr;
  static constexpr const char* name = "";
};
template <class A>
struct action_of {
  static constexpr void (*fn)(const Context&) = &A::run;
  static constexpr const char* name = A::name;
};
template <>
struct action_of<msmf::none> {
  static constexpr void (*fn)(const Context&) = nullptr;
  static constexpr const char* name = "";
};
}  // namespace detail

/// The events of a machine, in order of first appearance in its table. An
/// event's index in this list is its id.
template <class Def>
using events_of = typename boost::mpl::fold<typename Def::transition_table, boost::mpl::vector<>, detail::add_event>::type;

template <class Def, class Event>
constexpr int event_id() {
  using events = events_of<Def>;
  using pos = typename boost::mpl::find<events, Event>::type;
  static_assert(!std::is_same<pos, typename boost::mpl::end<events>::type>::value,
                "the target machine's transition table has no row for this event");
  return static_cast<int>(boost::mpl::distance<typename boost::mpl::begin<events>::type, pos>::value);
}

using GuardFn = bool (*)(const Context&);
using ActionFn = void (*)(const Context&);

/// One row of a transition table, with ids instead of types.
struct CompiledRow {
  std::uint8_t source;
  std::uint8_t event;
  std::uint8_t target;
  GuardFn guard;
  ActionFn action;
  const char* guard_name;
  const char* action_name;
};

struct EventInfo {
  const char* name;
  bool spontaneous;
  /// Step events: the duration's name in timed mode; null for messages.
  const char* duration;
};

/// A machine's transition table as data: what the explorer runs, what the
/// diagrams and the spec tables are drawn from.
struct MachineInfo {
  const char* name = "";     // "despooler"
  const char* summary = "";  // one line: the machine's role
  std::vector<const char*> states;
  unsigned initial = 0;
  std::vector<EventInfo> events;
  std::vector<CompiledRow> rows;  // in table order
  unsigned state_bits = 0;
  /// rows_by_cell[state * events + event]: indices into `rows`, in the order
  /// Boost.MSM tries them (last declared first).
  std::vector<std::vector<std::uint8_t>> rows_by_cell;

  [[nodiscard]] const std::vector<std::uint8_t>& cell(unsigned state, unsigned event) const {
    return rows_by_cell[state * events.size() + event];
  }
  [[nodiscard]] int find_event(const std::string& name) const;
  [[nodiscard]] int find_state(const std::string& name) const;
};

/// Walks Def::transition_table and returns it as data.
template <class Def>
MachineInfo compile_table() {
  using table = typename Def::transition_table;
  using back = back_end<Def>;
  MachineInfo info;
  info.name = Def::traits.name();
  info.summary = Def::traits.summary();
  info.states.assign(boost::mpl::size<typename boost::msm::back::generate_state_ids<typename back::stt>::type>::value,
                     "");
  boost::mpl::for_each<events_of<Def>, detail::wrap<boost::mpl::placeholders::_1>>([&](auto tag) {
    using event = typename decltype(tag)::held;
    info.events.push_back({event::name, event::spontaneous, event::duration});
  });
  boost::mpl::for_each<table, detail::wrap<boost::mpl::placeholders::_1>>([&](auto tag) {
    using row = typename decltype(tag)::held;
    using source = typename row::Source;
    using target = typename row::Target;
    const unsigned from = state_id<Def, source>();
    const unsigned to = state_id<Def, target>();
    info.states[from] = source::name;
    info.states[to] = target::name;
    info.rows.push_back({static_cast<std::uint8_t>(from), static_cast<std::uint8_t>(event_id<Def, typename row::Evt>()),
                         static_cast<std::uint8_t>(to), detail::guard_of<typename row::Guard>::fn,
                         detail::action_of<typename row::Action>::fn, detail::guard_of<typename row::Guard>::name,
                         detail::action_of<typename row::Action>::name});
  });
  info.initial = state_id<Def, typename Def::initial_state>();
  while ((1u << info.state_bits) < info.states.size()) ++info.state_bits;
  info.rows_by_cell.resize(info.states.size() * info.events.size());
  // Boost.MSM tries the rows of one (state, event) cell from the last declared
  // to the first; the compiled table keeps that order so both agree even if a
  // table ever has overlapping guards.
  for (std::size_t i = info.rows.size(); i-- > 0;) {
    const CompiledRow& row = info.rows[i];
    info.rows_by_cell[row.source * info.events.size() + row.event].push_back(static_cast<std::uint8_t>(i));
  }
  return info;
}

}  // namespace smsmc::sm

// Running a case: its world built step by step through one runner, the
// fired cell probed on the compiled tables, and the outcome compared with
// what the case expects, for both runners.
#include "spec/model.h"
#include "spec/variants.h"
#include "tests/machines/harness.h"

#include <memory>
#include <stdexcept>
#include <utility>

namespace smsmc::sm::machines {

namespace {

/// A model with the case's parameters: the one place a World is built
/// (spec::ProtocolModel::world). It owns the variant the model points to.
class Bench {
 public:
  explicit Bench(const Params& params)
      : variant_{"machine-test", "switches a machine test sets", params.switches},
        model_(config(variant_, params)) {}
  Bench(const Bench&) = delete;
  Bench& operator=(const Bench&) = delete;
  [[nodiscard]] const spec::ProtocolModel& model() const { return model_; }
  [[nodiscard]] const Layout& layout() const { return model_.layout(); }

 private:
  static spec::Config config(const spec::Variant& variant, const Params& params) {
    spec::Config out{&variant, params.sites, params.logon_servers,
                     params.operator_on_duty ? spec::Environment::operator_on_duty : spec::Environment::unattended};
    out.timed = params.timed;
    out.parent = params.parent;
    return out;
  }
  spec::Variant variant_;
  spec::ProtocolModel model_;
};

int resolve(const Layout& layout, const ActorRef& ref, int site) {
  const ServiceTraits& traits = layout.registry().traits(ref.service);
  const Layout::Group& group = layout.group(ref.service, traits.scope() == Scope::parent ? -1 : site);
  if (ref.index < 0 || ref.index >= group.count)
    throw std::logic_error(std::string("the case names ") + traits.name() + " instance " + std::to_string(ref.index) +
                           ", but the model has " + std::to_string(group.count));
  return group.first + ref.index;
}

struct Message {
  int from;
  int to;
  int event;
};

/// Passes every delivery on to a runner, recording those made while on.
class Recorder final : public Dispatcher {
 public:
  Dispatcher* inner = nullptr;
  bool on = false;
  std::vector<Message> sent;
  void deliver(const Context& from, int target_actor, int event) override {
    if (on) sent.push_back({from.actor(), target_actor, event});
    inner->deliver(from, target_actor, event);
  }
};

/// One runner's world for a case at a site, built by firing the case's
/// setup steps from the initial state.
class Run {
 public:
  Run(const Bench& bench, const Case& c, int site, bool msm, const char* runner)
      : layout_(bench.layout()),
        state_(bench.layout().words()),
        world_(bench.model().world(state_.data(), &recorder_, &log_)) {
    if (msm) {
      msm_ = std::make_unique<MsmRunner>(world_);
      recorder_.inner = msm_.get();
    } else {
      initial_state(layout_, state_.data());
      recorder_.inner = &table_;
    }
    for (std::size_t i = 0; i < c.setup().size(); ++i) {
      const Step& step = c.setup()[i];
      const int actor = resolve(layout_, step.actor, site);
      const unsigned before = layout_.field(actor).get(state_.data());
      if (!fire(actor, step.event)) {
        const MachineInfo& info = layout_.machine(actor);
        throw std::logic_error(
            std::string(runner) + ": setup step " + std::to_string(i + 1) + ", " + layout_.actor(actor).name + " " +
            info.events[static_cast<std::size_t>(step.event)].name + ", did not fire in state " + info.states[before]);
      }
    }
    log_.clear();
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  bool fire(int actor, int event) { return msm_ ? msm_->fire(actor, event) : table_.fire(world_, actor, event); }
  /// The case's event: a step is fired, a message delivered (a message no
  /// row takes is reported as unhandled). Records what it sends.
  bool fire_recorded(int actor, int event) {
    recorder_.on = true;
    bool fired = true;
    if (layout_.machine(actor).events[static_cast<std::size_t>(event)].spontaneous) {
      fired = fire(actor, event);
    } else {
      recorder_.inner->deliver(Context(world_, actor), actor, event);
    }
    recorder_.on = false;
    return fired;
  }
  [[nodiscard]] const std::vector<Word>& state() const { return state_; }
  [[nodiscard]] World& world() { return world_; }
  [[nodiscard]] const std::vector<LogLine>& log() const { return log_; }
  [[nodiscard]] const std::vector<Message>& sent() const { return recorder_.sent; }

 private:
  const Layout& layout_;
  std::vector<Word> state_;
  std::vector<LogLine> log_;
  TableRunner table_;
  Recorder recorder_;
  World world_;
  std::unique_ptr<MsmRunner> msm_;  // after world_: it keeps a reference to it
};

bool same_packing(const Layout& a, const Layout& b) {
  if (a.words() != b.words() || a.actors().size() != b.actors().size()) return false;
  const auto same = [](Field x, Field y) { return x.word == y.word && x.shift == y.shift && x.bits == y.bits; };
  for (std::size_t i = 0; i < a.actors().size(); ++i) {
    if (!same(a.field(static_cast<int>(i)), b.field(static_cast<int>(i)))) return false;
  }
  for (int s = 0; s < a.sites(); ++s) {
    if (!same(a.config_failed(s), b.config_failed(s))) return false;
  }
  return same(a.unhandled_event(), b.unhandled_event());
}

std::string state_name(const Layout& layout, int actor, const std::vector<Word>& state) {
  return layout.machine(actor).states[layout.field(actor).get(state.data())];
}

/// Every difference between two states: actors and ghost bits, by name.
std::string differences(const Layout& layout, const std::vector<Word>& expected, const std::vector<Word>& got,
                        const std::vector<Word>& before) {
  std::string out;
  for (std::size_t i = 0; i < layout.actors().size(); ++i) {
    const int a = static_cast<int>(i);
    if (layout.field(a).get(expected.data()) == layout.field(a).get(got.data())) continue;
    out += "\n  " + layout.actor(a).name + ": expected " + state_name(layout, a, expected) + ", got " +
           state_name(layout, a, got) + " (before the step: " + state_name(layout, a, before) + ")";
  }
  for (int s = 0; s < layout.sites(); ++s) {
    if (layout.config_failed(s).get(expected.data()) != layout.config_failed(s).get(got.data()))
      out += "\n  config_failed[" + std::to_string(s + 1) + "]: expected " +
             std::to_string(layout.config_failed(s).get(expected.data())) + ", got " +
             std::to_string(layout.config_failed(s).get(got.data()));
  }
  if (layout.unhandled_event().get(expected.data()) != layout.unhandled_event().get(got.data()))
    out += "\n  unhandled_event: expected " + std::to_string(layout.unhandled_event().get(expected.data())) + ", got " +
           std::to_string(layout.unhandled_event().get(got.data()));
  return out;
}

using Lines = std::vector<std::pair<std::string, std::string>>;  // actor name, text

std::vector<std::string> describe(const Layout& layout, const std::vector<Message>& messages) {
  std::vector<std::string> out;
  for (const Message& m : messages)
    out.push_back(layout.actor(m.from).name + " -> " + layout.actor(m.to).name + ": " +
                  layout.machine(m.to).events[static_cast<std::size_t>(m.event)].name);
  return out;
}

}  // namespace

Observation observe(const Case& c, int site) {
  const Params params = c.params();
  const Bench bench(params);
  const Layout& layout = bench.layout();
  Run run(bench, c, site, false, "compiled tables");
  const int actor = resolve(layout, c.fired().actor, site);
  const MachineInfo& info = layout.machine(actor);
  Observation out;
  out.service = c.fired().actor.service;
  for (const Dimension& d : dimensions()) out.values.push_back(d.get(params));
  const CompiledRow* taken = TableRunner::enabled_row(run.world(), actor, info, c.fired().event);
  if (taken != nullptr) out.taken = static_cast<int>(taken - info.rows.data());

  // Models that differ from the case's in one dimension, built once: a
  // guard probed with the same state words under each of them.
  std::vector<std::vector<std::unique_ptr<Bench>>> others(dimensions().size());
  const unsigned source = layout.field(actor).get(run.state().data());
  const Context ctx(run.world(), actor);
  for (std::uint8_t index : info.cell(source, static_cast<unsigned>(c.fired().event))) {
    const CompiledRow& row = info.rows[index];
    Observation::Probe probe{index, row.guard == nullptr || row.guard(ctx), std::vector<bool>(dimensions().size())};
    for (std::size_t d = 0; d < dimensions().size() && row.guard != nullptr; ++d) {
      const Dimension& dim = dimensions()[d];
      for (int v = 0; v < static_cast<int>(dim.values.size()); ++v) {
        if (v == out.values[d]) continue;
        if (others[d].empty()) others[d].resize(dim.values.size());
        if (!others[d][static_cast<std::size_t>(v)]) {
          Params other = params;
          dim.set(other, v);
          others[d][static_cast<std::size_t>(v)] = std::make_unique<Bench>(other);
          if (!same_packing(layout, others[d][static_cast<std::size_t>(v)]->layout()))
            throw std::logic_error(std::string("the state is packed differently under ") + dim.name + "=" +
                                   dim.values[static_cast<std::size_t>(v)] + ": the probe cannot compare guards");
        }
        std::vector<Word> words = run.state();
        World world = others[d][static_cast<std::size_t>(v)]->model().world(words.data());
        if (row.guard(Context(world, actor)) != probe.guard) probe.reads[d] = true;
      }
    }
    out.cell.push_back(std::move(probe));
  }
  return out;
}

void check_case(const Case& c, int site) {
  const std::string incomplete = c.incomplete();
  ASSERT_TRUE(incomplete.empty()) << "case \"" << c.name() << "\": " << incomplete;
  const int service = c.fired().actor.service;
  Observation seen;
  try {
    seen = observe(c, site);
  } catch (const std::logic_error& e) {
    FAIL() << e.what();
  }

  // The row the compiled table takes, and the guards of the cell.
  const int expected_row = c.expects_row() ? find_row(c.taken()) : -1;
  ASSERT_TRUE(!c.expects_row() || expected_row >= 0) << "the case takes a row that is not in the table";
  EXPECT_EQ(seen.taken, expected_row) << "expected: "
                                      << (expected_row < 0 ? "no row" : describe_row(service, expected_row))
                                      << "\ntaken: " << (seen.taken < 0 ? "no row" : describe_row(service, seen.taken));
  for (const RowKey& key : c.refused()) {
    const int refused = find_row(key);
    ASSERT_GE(refused, 0) << "the case refuses a row that is not in the table";
    bool in_cell = false;
    for (const Observation::Probe& probe : seen.cell) {
      if (probe.row != refused) continue;
      in_cell = true;
      EXPECT_FALSE(probe.guard) << "its guard must be false here: " << describe_row(service, refused);
    }
    EXPECT_TRUE(in_cell) << "not a row for the fired event in this state: " << describe_row(service, refused);
  }

  // Both runners, from the same setup.
  const Bench bench(c.params());
  const Layout& layout = bench.layout();
  const int target = resolve(layout, c.fired().actor, site);
  std::vector<Word> outcome[2];
  Lines written[2];
  for (int msm = 0; msm < 2; ++msm) {
    const char* runner = msm ? "Boost.MSM back ends" : "compiled tables";
    SCOPED_TRACE(runner);
    std::unique_ptr<Run> run;
    try {
      run = std::make_unique<Run>(bench, c, site, msm == 1, runner);
    } catch (const std::logic_error& e) {
      FAIL() << e.what();
    }
    const std::vector<Word> before = run->state();
    const bool fired = run->fire_recorded(target, c.fired().event);
    if (layout.machine(target).events[static_cast<std::size_t>(c.fired().event)].spontaneous) {
      EXPECT_EQ(fired, c.expects_row()) << "the runner says the step " << (fired ? "fired" : "did not fire");
    }

    std::vector<Word> expected = before;
    if (c.expects_row()) layout.field(target).set(expected.data(), c.taken().target);
    for (const StateIs& change : c.changes()) {
      const int a = resolve(layout, change.actor, site);
      EXPECT_NE(layout.field(a).get(before.data()), change.state)
          << layout.actor(a).name << " is in " << state_name(layout, a, before)
          << " before the step already: the case names no change";
      layout.field(a).set(expected.data(), change.state);
    }
    if (c.expects_config_failed()) {
      EXPECT_EQ(layout.config_failed(site).get(before.data()), 0u) << "config_failed is set before the step already";
      layout.config_failed(site).set(expected.data(), 1);
    }
    if (c.expects_unhandled_ghost()) {
      EXPECT_EQ(layout.unhandled_event().get(before.data()), 0u) << "unhandled_event is set before the step already";
      layout.unhandled_event().set(expected.data(), 1);
    }
    EXPECT_TRUE(run->state() == expected)
        << "states after the step differ:" << differences(layout, expected, run->state(), before);

    std::vector<std::string> messages;
    for (const Sent& m : c.messages()) {
      const int from = resolve(layout, m.from, site);
      const int to = resolve(layout, m.to, site);
      messages.push_back(describe(layout, {{from, to, m.event}}).front());
    }
    EXPECT_EQ(describe(layout, run->sent()), messages) << "messages sent";

    Lines lines;
    if (c.expects_unhandled()) {
      const MachineInfo& info = layout.machine(target);
      lines.emplace_back(layout.actor(target).name, std::string("unhandled event ") +
                                                        info.events[static_cast<std::size_t>(c.fired().event)].name +
                                                        " in state " + state_name(layout, target, before));
    }
    for (const LineIs& line : c.lines())
      lines.emplace_back(layout.actor(resolve(layout, line.actor, site)).name, line.text);
    for (const LogLine& line : run->log()) written[msm].emplace_back(layout.actor(line.actor).name, line.text);
    EXPECT_EQ(written[msm], lines) << "log lines";
    outcome[msm] = run->state();
  }
  EXPECT_TRUE(outcome[0] == outcome[1]) << "the runners disagree:"
                                        << differences(layout, outcome[0], outcome[1], outcome[0]);
  EXPECT_EQ(written[0], written[1]) << "the runners log differently";
}

TEST_P(MachineCase, Run) {
  for (int site = 0; site < sites_per_case; ++site) {
    SCOPED_TRACE("at site " + std::to_string(site + 1) + " of " + std::to_string(sites_per_case));
    check_case(GetParam(), site);
  }
}

}  // namespace smsmc::sm::machines

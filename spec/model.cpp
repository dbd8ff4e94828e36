#include "spec/model.h"

#include "spec/properties.h"
#include "spec/shared_parent.h"
#include "statemachines/protocol.h"

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

namespace smsmc::spec {

const char* environment_name(Environment environment) {
  return environment == Environment::operator_on_duty ? "operator-on-duty" : "unattended";
}

void validate(const Config& config) {
  if (config.variant == nullptr) throw std::invalid_argument("no protocol variant given");
  if (config.sites < 1) throw std::invalid_argument("--sites must be at least 1, got " + std::to_string(config.sites));
  if (config.logon_servers < 0)
    throw std::invalid_argument("--logon-servers must be 0 or more, got " + std::to_string(config.logon_servers));
  if (config.parent.sender_slots < 0 || config.parent.sender_slots > max_sender_slots)
    throw std::invalid_argument("--sender-slots is unlimited or 1.." + std::to_string(max_sender_slots) + ", got " +
                                std::to_string(config.parent.sender_slots));
  if (config.sites > max_sites)
    throw std::invalid_argument("--sites is at most " + std::to_string(max_sites) + ", got " +
                                std::to_string(config.sites));
  if (config.logon_servers > max_logon_servers)
    throw std::invalid_argument("--logon-servers is at most " + std::to_string(max_logon_servers) + ", got " +
                                std::to_string(config.logon_servers));
}

namespace {
sm::Params params_of(const Config& config) {
  sm::Params params;
  params.sites = config.sites;
  params.logon_servers = config.logon_servers;
  params.operator_on_duty = config.environment == Environment::operator_on_duty;
  params.timed = config.timed;
  params.switches = config.variant->switches;
  params.parent = config.parent;
  return params;
}
}  // namespace

ProtocolModel::ProtocolModel(const Config& config)
    : config_((validate(config), config)),
      layout_(config.registry != nullptr ? *config.registry : sm::Registry::protocol(), params_of(config)),
      symmetry_(layout_) {
  // The registry refuses tables with more than 16 events or 32 states, the
  // limits of action codes and of the candidate filter below.
  for (std::size_t id = 0; id < layout_.actors().size(); ++id) {
    const sm::MachineInfo& info = layout_.machine(static_cast<int>(id));
    for (std::size_t event = 0; event < info.events.size(); ++event) {
      if (!info.events[event].spontaneous) continue;
      std::uint32_t states_with_rows = 0;
      for (unsigned state = 0; state < info.states.size(); ++state) {
        if (!info.cell(state, static_cast<unsigned>(event)).empty()) states_with_rows |= 1u << state;
      }
      candidates_.push_back(
          {static_cast<int>(id), static_cast<int>(event), &info, layout_.actors()[id].field, states_with_rows});
    }
  }
  std::vector<int> actors;
  for (const Candidate& candidate : candidates_) actors.push_back(candidate.actor);
  memo_.emplace(layout_, actors);
}

void ProtocolModel::init_states(std::vector<mc::Word>& out) const {
  const std::size_t at = out.size();
  out.resize(at + layout_.words());
  sm::initial_state(layout_, out.data() + at);
}

sm::World ProtocolModel::world(mc::Word* state, sm::Dispatcher* dispatcher, std::vector<sm::LogLine>* log) const {
  sm::World world;
  world.layout = &layout_;
  world.state = state;
  world.dispatcher = dispatcher;
  world.log = log;
  return world;
}

bool ProtocolModel::enabled(sm::World& world, const Candidate& candidate) {
  if (((candidate.states_with_rows >> candidate.field.get(world.state)) & 1u) == 0) return false;
  return sm::TableRunner::enabled_row(world, candidate.actor, *candidate.machine, candidate.event) != nullptr;
}

void ProtocolModel::actions(const mc::Word* state, std::vector<mc::Action>& out) const {
  sm::TableRunner runner;
  // Guards only read the state; World holds a mutable pointer because
  // actions share it.
  sm::World world = this->world(const_cast<mc::Word*>(state), &runner);
  std::uint64_t looked_up = 0;  // bit s: masks[s] holds site s's enabled candidates
  std::array<std::uint64_t, max_sites> masks;
  for (std::size_t c = 0; c < candidates_.size(); ++c) {
    const Candidate& candidate = candidates_[c];
    const int site = memo_->site_of(c);
    if (site < 0) {
      if (enabled(world, candidate)) out.push_back(encode(candidate.actor, candidate.event));
      continue;
    }
    const std::uint64_t site_bit = std::uint64_t{1} << site;
    if ((looked_up & site_bit) == 0) {
      masks[static_cast<std::size_t>(site)] = memo_->enabled(state, site, [&] {
        std::uint64_t mask = 0;
        for (std::size_t i : memo_->candidates_of(site)) {
          if (enabled(world, candidates_[i])) mask |= std::uint64_t{1} << memo_->bit_of(i);
        }
        return mask;
      });
      looked_up |= site_bit;
    }
    if ((masks[static_cast<std::size_t>(site)] >> memo_->bit_of(c)) & 1u)
      out.push_back(encode(candidate.actor, candidate.event));
  }
}

void ProtocolModel::actions_direct(const mc::Word* state, std::vector<mc::Action>& out) const {
  sm::TableRunner runner;
  sm::World world = this->world(const_cast<mc::Word*>(state), &runner);
  for (const Candidate& candidate : candidates_) {
    if (enabled(world, candidate)) out.push_back(encode(candidate.actor, candidate.event));
  }
}

void ProtocolModel::next_state(const mc::Word* state, mc::Action action, mc::Word* out) const {
  std::memcpy(out, state, layout_.words() * sizeof(mc::Word));
  sm::TableRunner runner;
  sm::World world = this->world(out, &runner);
  if (!runner.fire(world, actor_of(action), event_of(action)))
    throw std::logic_error("next_state: action " + format_action(action) + " is not enabled");
}

void ProtocolModel::step(const mc::Word* state, mc::Action action, mc::Word* out,
                         std::vector<sm::LogLine>& log) const {
  std::memcpy(out, state, layout_.words() * sizeof(mc::Word));
  sm::TableRunner runner;
  sm::World world = this->world(out, &runner, &log);
  if (!runner.fire(world, actor_of(action), event_of(action)))
    throw std::logic_error("step: action " + format_action(action) + " is not enabled");
}

bool ProtocolModel::canonicalize(const mc::Word* state, mc::Word* out) const {
  if (!symmetry_.applies()) return false;
  symmetry_.canonicalize(state, out);
  return true;
}

std::vector<mc::StateBlock> ProtocolModel::state_blocks() const {
  std::vector<mc::StateBlock> blocks(static_cast<std::size_t>(layout_.sites()));
  // The shape of a site: its actors' services, instance numbers and widths.
  std::vector<std::vector<std::array<int, 3>>> shapes(blocks.size());
  auto add = [](mc::StateBlock& block, sm::Field field) {
    if (field.bits != 0) block.bits.push_back({field.word, field.shift, field.bits});
  };
  for (const sm::Actor& actor : layout_.actors()) {
    if (actor.site < 0) continue;
    const auto site = static_cast<std::size_t>(actor.site);
    add(blocks[site], actor.field);
    shapes[site].push_back({actor.service, actor.index, actor.field.bits});
  }
  bool same = true;
  for (std::size_t site = 0; site < blocks.size(); ++site) {
    add(blocks[site], layout_.config_failed(static_cast<int>(site)));
    same = same && shapes[site] == shapes[0];
  }
  for (std::size_t site = 0; site < blocks.size(); ++site) blocks[site].kind = same ? 0 : static_cast<int>(site);
  return blocks;
}

std::vector<mc::Property> ProtocolModel::properties() const { return protocol_properties(*this); }

std::string ProtocolModel::format_action(mc::Action action) const {
  const int actor = actor_of(action);
  if (actor < 0 || static_cast<std::size_t>(actor) >= layout_.actors().size()) return "?";
  const sm::MachineInfo& info = layout_.machine(actor);
  const auto event = static_cast<std::size_t>(event_of(action));
  return layout_.actor(actor).name + " " + (event < info.events.size() ? info.events[event].name : "?");
}

int ProtocolModel::find_event(int actor, const std::string& event) const {
  if (actor < 0 || static_cast<std::size_t>(actor) >= layout_.actors().size()) return -1;
  const sm::MachineInfo& info = layout_.machine(actor);
  const int id = info.find_event(event);
  if (id < 0 || !info.events[static_cast<std::size_t>(id)].spontaneous) return -1;
  return id;
}

}  // namespace smsmc::spec

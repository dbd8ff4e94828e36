// Records the messages machines deliver to each other inside a step, for the
// arrows of a sequence diagram and the `messages` of a trace. It wraps the
// real dispatcher (compiled tables or Boost.MSM back ends) instead of adding a
// hook to World, so the explorer, which never records, pays nothing for it.
#pragma once

#include "statemachines/world.h"

#include <cstddef>
#include <vector>

namespace smsmc::trace {

struct RecordedMessage {
  int from;
  int to;
  int event;              // index in the receiver's machine
  unsigned to_before;     // receiver's state when the message arrived
  unsigned to_after;      // ... and once it had reacted (its own sends included)
  std::size_t log_index;  // log lines written before this message was sent
};

class RecordingDispatcher final : public sm::Dispatcher {
 public:
  explicit RecordingDispatcher(sm::Dispatcher& inner) : inner_(&inner) {}

  void deliver(const sm::Context& from, int target_actor, int event) override {
    sm::World& world = from.world();
    const auto& actors = world.layout->actors();
    if (target_actor < 0 || static_cast<std::size_t>(target_actor) >= actors.size()) {
      inner_->deliver(from, target_actor, event);
      return;
    }
    const sm::Field field = actors[static_cast<std::size_t>(target_actor)].field;
    const std::size_t at = messages_.size();
    messages_.push_back({from.actor(), target_actor, event, field.get(world.state), 0,
                         world.log != nullptr ? world.log->size() : 0});
    inner_->deliver(from, target_actor, event);
    messages_[at].to_after = field.get(world.state);
  }

  /// The messages recorded since the last call, in send order.
  std::vector<RecordedMessage> take() {
    std::vector<RecordedMessage> out;
    out.swap(messages_);
    return out;
  }

 private:
  sm::Dispatcher* inner_;
  std::vector<RecordedMessage> messages_;
};

}  // namespace smsmc::trace

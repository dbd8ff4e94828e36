// Reading an input file (a trace, the expectations) without trusting it:
// only a regular file is read, never more than a size cap, and every error
// names the file and the operating system's reason.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace smsmc::io {

/// A file that cannot be read, or whose content is malformed. `what()` is
/// the whole message, starting with the file name when there is one.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// 64 MiB: the traces the explorers write are kilobytes (a step is about
/// 300 bytes of JSON), so this leaves room for traces hundreds of thousands
/// of steps long while bounding what a hostile file costs (parsed, a JSON
/// document takes up to about 20 times its size: see io/json.h).
inline constexpr std::uint64_t default_max_input_bytes = std::uint64_t{64} << 20;

struct ReadLimits {
  /// Refuse files larger than this (0: no limit).
  std::uint64_t max_bytes = default_max_input_bytes;
  /// Appended to the "too large" message, e.g. "raise it with --max-input-size".
  std::string how_to_raise;
};

/// The whole content of `path`. Refused with InputError, naming the file:
///   - anything but a regular file (directory, FIFO, character or block
///     device, socket): the file is opened with O_NONBLOCK and its type
///     read from the open descriptor, so a FIFO without a writer never
///     blocks and nothing can swap the file between the check and the read;
///   - a file larger than `limits.max_bytes`, checked on its size before
///     reading and again while reading (files in /proc report size 0, and a
///     file may grow);
///   - any OS error, with its strerror text.
std::string read_input_file(const std::string& path, const ReadLimits& limits = {});

/// "64 MiB", "1.5 GiB", "100 bytes": a byte count for messages.
std::string format_bytes(std::uint64_t bytes);

}  // namespace smsmc::io

// Bounds for smsmc's numeric options and output paths, checked before a long
// run starts. CLI11 validators for the values (CLI11 would read "-5" into an
// unsigned option as 18446744073709551611, and "nan" into a double), and
// checks for what only the command knows (the schedule length) or what
// touches the file system (output paths). Errors name the option.
//
// Zero: for --timeout, --max-states and --max-memory, 0 means "no bound";
// --help must say so (e.g. "(0: no bound)").
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsmc::cli::bounds {

/// Seconds: a finite decimal number, 0 or more ("60", "0.5", "1e3");
/// refuses negative, "nan", "inf", "1e999", hex and trailing text.
CLI::Validator seconds();

/// A whole number in [min, max], written in decimal digits only: refuses
/// "-5" (which CLI11 would wrap), "1.5", "1e6", "0x10", and values beyond
/// 2^64-1. For --max-states (0..2^64-1), --runs (1..INT_MAX),
/// --threads (1..256), --change-points (0..INT_MAX), --seed.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

/// --max-memory: a size (mc::parse_memory_size: "512M", "6G", "1.5GiB", a
/// byte count; 0: no bound), transformed into its byte count, so the option
/// can be read into a std::uint64_t. Attach it with ->transform(), not
/// ->check(): CLI11 hands a check() validator a copy of the text.
CLI::Validator memory_size();

/// PCT draws each change point from the first `schedule_length` steps of a
/// schedule (sim::estimate_run_length): more points than steps cannot all
/// fall on distinct steps, and each costs memory per schedule. Throws
/// std::invalid_argument: "--change-points is 1000000000, more than the 57
/// steps of a schedule at N=1, M=3 (at most 57)".
void check_change_points(std::int64_t change_points, std::size_t schedule_length, const std::string& configuration);

/// Checks, before the search starts, that `path` can be written as a file:
/// it is not a folder, its folder exists, and a file can be created or
/// opened for writing there (a file that did not exist is removed again;
/// an existing one is not changed). Throws std::invalid_argument
/// "--trace-out: cannot write 'out/race.json': No such file or directory".
void check_output_file(const std::string& path, std::string_view option);

/// Checks that `path` is a folder files can be written in, creating it (and
/// its parents) if needed: a temporary file is created in it and removed.
/// Throws std::invalid_argument naming the option, the path and the reason.
void check_output_folder(const std::string& path, std::string_view option);

}  // namespace smsmc::cli::bounds

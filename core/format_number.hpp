// The compact text of a number that the core's messages and its tables JSON use (implemented in
// format_number.cpp without libc's printf). Not a parser.
#pragma once
#include <string>

namespace relulab {

/// Compact text of a number for messages (the form check_setting uses): the shortest "%g" text
/// that reads back as the same float (for float-exact values) or double, e.g. 1e-05, 0.01,
/// 4294967295; "nan", "inf", "-inf".
std::string format_number(double value);

}  // namespace relulab

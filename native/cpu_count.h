#pragma once

namespace numpool {

// CPUs this process can actually use: the hardware count, narrowed by the
// scheduler affinity mask and by a cgroup CPU quota (containers). At least 1.
unsigned availableThreads();

}  // namespace numpool

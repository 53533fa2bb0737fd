#include "cpu_count.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#ifdef __linux__
#include <sched.h>
#endif

namespace numpool {

namespace {

#ifdef __linux__
unsigned affinityCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
  return static_cast<unsigned>(CPU_COUNT(&set));
}

// CPUs' worth of quota, rounded up; nothing when unlimited or unreadable.
std::optional<unsigned> quotaCpus(double quota, double period) {
  if (!(quota > 0) || !(period > 0)) return std::nullopt;
  return static_cast<unsigned>(std::max(1.0, std::ceil(quota / period)));
}

std::optional<unsigned> cgroupV2Quota(const std::string& dir) {
  std::ifstream file(dir + "/cpu.max");
  std::string quota;
  double period = 0;
  if (!(file >> quota >> period) || quota == "max") return std::nullopt;
  return quotaCpus(std::stod(quota), period);
}

std::optional<unsigned> cgroupV1Quota(const std::string& dir) {
  std::ifstream quotaFile(dir + "/cpu.cfs_quota_us");
  std::ifstream periodFile(dir + "/cpu.cfs_period_us");
  double quota = 0, period = 0;
  if (!(quotaFile >> quota) || !(periodFile >> period)) return std::nullopt;
  return quotaCpus(quota, period);
}

// The tightest quota on this process's cgroup path or any ancestor of it.
unsigned cgroupLimit(unsigned limit) {
  std::ifstream self("/proc/self/cgroup");
  std::string line;
  while (std::getline(self, line)) {
    // "0::/path" for cgroup v2, "N:cpu,cpuacct:/path" for v1.
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    std::string path = line.substr(second + 1);
    const bool v2 = controllers.empty();
    std::stringstream names(controllers);
    std::string name;
    bool hasCpu = false;
    while (std::getline(names, name, ',')) hasCpu |= name == "cpu";
    if (!v2 && !hasCpu) continue;
    const std::string root = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/cpu";
    for (;;) {
      const std::string dir = root + (path == "/" ? "" : path);
      if (const auto cpus = v2 ? cgroupV2Quota(dir) : cgroupV1Quota(dir))
        limit = std::min(limit, *cpus);
      if (path.empty() || path == "/") break;
      // Up one level: "/a/b" -> "/a", "/a" (or a path without '/') -> "/".
      const auto slash = path.rfind('/');
      path.resize(slash == std::string::npos ? 0 : slash);
      if (path.empty()) path.push_back('/');
    }
  }
  return limit;
}
#endif

}  // namespace

unsigned availableThreads() {
  unsigned count = std::thread::hardware_concurrency();
#ifdef __linux__
  if (const unsigned affinity = affinityCount(); affinity > 0)
    count = count == 0 ? affinity : std::min(count, affinity);
  count = cgroupLimit(count == 0 ? ~0u : count);
#endif
  return std::max(1u, count == ~0u ? 1u : count);
}

}  // namespace numpool

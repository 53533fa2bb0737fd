# The Node releases the project is tested on: the newest of each supported
# major when last updated (`engines` in package.json and the README name the
# same majors). Sourced by test-matrix.sh and test-package.sh.
# shellcheck disable=SC2034
node_matrix=(20.20.2 22.23.5 24.22.3 26.12.1)

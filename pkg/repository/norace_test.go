//go:build !race

package repository

// raceEnabled is set when the tests run under the race detector.
const raceEnabled = false

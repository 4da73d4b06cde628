//go:build race

package repository

// raceEnabled is set when the tests run under the race detector, which
// makes whole-snapshot loads about ten times slower.
const raceEnabled = true

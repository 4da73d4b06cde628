package main

import "strings"

// listFlag collects every value of a repeated flag, in order, such as
// the -repo and --env flags of lock, solve, show and stats.
type listFlag []string

// String joins the values with commas.
func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set adds one value.
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

package opam

import (
	"sort"
	"testing"
)

// TestSharedBlocksKeepTreesApart parses the subset's files one after the
// other, so that their trees are carved from shared blocks, then grows
// every Args and Items slice of every tree with append and checks that no
// earlier tree changed: carved slices must not overlap nor have spare
// capacity into a neighbour's values.
func TestSharedBlocksKeepTreesApart(t *testing.T) {
	files := subsetFiles(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	trees := make([]*File, len(names))
	printed := make([]string, len(names))
	for i, n := range names {
		f, err := Parse(n, files[n])
		if err != nil {
			t.Fatal(err)
		}
		trees[i], printed[i] = f, string(Format(f))
	}
	for _, f := range trees {
		growItems(f.Items)
	}
	for i, f := range trees {
		g, err := Parse(names[i], files[names[i]])
		if err != nil {
			t.Fatal(err)
		}
		if !EqualItems(f.Items, g.Items) {
			t.Fatalf("%s: the tree changed when other trees' slices grew; it printed as\n%s", names[i], printed[i])
		}
	}
}

// growItems appends a value to every Args slice below items, writing into
// any spare capacity, and then drops it again.
func growItems(items []Item) {
	for i := range items {
		growValue(&items[i].Value)
		if s := items[i].Section; s != nil {
			_ = append(s.Items, Item{Name: "overwritten"})
			growItems(s.Items)
		}
	}
	_ = append(items, Item{Name: "overwritten"})
}

func growValue(v *Value) {
	for i := range v.Args() {
		growValue(&v.Args()[i])
	}
	_ = append(v.Args(), NewAtom(KindString, "overwritten"))
}

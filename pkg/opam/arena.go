package opam

// arenaChunk is the number of values in one chunk of an arena.
const arenaChunk = 4096

// arena hands out value slices from reusable chunks while a file is
// parsed. It lets the parser build the tree without an allocation per
// node; compact then copies the finished tree into one block of exactly
// the right size.
type arena struct {
	chunks [][]Value
	ci     int // current chunk
	off    int // next free value in the current chunk
	total  int // values handed out since the last reset
}

func (a *arena) alloc(n int) []Value {
	a.total += n
	for {
		if a.ci < len(a.chunks) {
			c := a.chunks[a.ci]
			if a.off+n <= len(c) {
				s := c[a.off : a.off+n : a.off+n]
				a.off += n
				return s
			}
			if a.off > 0 || len(c) < n {
				a.ci++
				a.off = 0
				continue
			}
		}
		size := arenaChunk
		if n > size {
			size = n
		}
		a.chunks = append(a.chunks, nil)
		copy(a.chunks[a.ci+1:], a.chunks[a.ci:])
		a.chunks[a.ci] = make([]Value, size)
	}
}

// used returns the number of values handed out since the last reset.
func (a *arena) used() int { return a.total }

// reset clears the values handed out, so that the arena keeps no
// references into parsed files, and makes all chunks free again.
func (a *arena) reset() {
	for i := 0; i < a.ci && i < len(a.chunks); i++ {
		clear(a.chunks[i])
	}
	if a.ci < len(a.chunks) {
		clear(a.chunks[a.ci][:a.off])
	}
	a.ci, a.off, a.total = 0, 0, 0
}

// compact moves every Args slice of the items' values, which point into
// the arena, into one new block of n values.
func compact(items []Item, n int) {
	if n == 0 {
		return
	}
	c := compactor{slab: make([]Value, n)}
	c.items(items)
}

type compactor struct {
	slab []Value
	off  int
}

func (c *compactor) items(items []Item) {
	for i := range items {
		if s := items[i].Section; s != nil {
			c.items(s.Items)
			continue
		}
		c.value(&items[i].Value)
	}
}

func (c *compactor) value(v *Value) {
	n := len(v.Args)
	if n == 0 {
		return
	}
	dst := c.slab[c.off : c.off+n : c.off+n]
	c.off += n
	copy(dst, v.Args)
	v.Args = dst
	for i := range dst {
		c.value(&dst[i])
	}
}

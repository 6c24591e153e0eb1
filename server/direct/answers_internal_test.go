package direct

import (
	"bytes"
	"fmt"
	"testing"
)

func TestAnswerCacheStaysWithinItsBound(t *testing.T) {
	c := NewAnswerCache(64 << 10)
	body := bytes.Repeat([]byte("x"), 1000)
	for i := range 500 {
		c.put(7, fmt.Sprint("key", i), Answer{contentType: "application/json", body: body})
		if n, _ := c.size(); n > 64<<10 {
			t.Fatalf("after %d answers the cache holds %d bytes, over its bound of %d", i+1, n, 64<<10)
		}
	}
	_, held := c.size()
	if held < 40 || held > 64 {
		t.Fatalf("the cache holds %d answers of about 1 KB in 64 KiB", held)
	}
	if _, ok := c.Get(7, "key499"); !ok {
		t.Fatal("the latest answer was not kept")
	}
	if _, ok := c.Get(8, "key499"); ok {
		t.Fatal("an answer of version 7 was given at version 8")
	}
	c.put(8, "new", Answer{body: body})
	if _, ok := c.Get(8, "key499"); ok {
		t.Fatal("a newer version kept the old answers")
	}
	if _, n := c.size(); n != 1 {
		t.Fatalf("after a new version the cache holds %d answers, want 1", n)
	}
	c.put(7, "late", Answer{body: body}) // answered before the write: dropped
	if _, ok := c.Get(8, "late"); ok {
		t.Fatal("an answer of an older version was kept")
	}
	c.put(8, "huge", Answer{body: bytes.Repeat([]byte("y"), 32<<10)})
	if _, ok := c.Get(8, "huge"); ok {
		t.Fatal("an answer over a quarter of the bound was kept")
	}
	if NewAnswerCache(0) != nil {
		t.Fatal("a zero bound made a cache")
	}
}

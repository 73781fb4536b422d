package path_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/sourcetrace/sourcetrace/query/path"
)

func ExampleParse() {
	e, err := path.Parse(`speaker( "Ramzan Kadyrov" ).said().via*(3).has(kind: "outlet")`)
	if err != nil {
		panic(err)
	}
	fmt.Println(e)

	_, err = path.Parse(`speaker("Kadyrov".said()`)
	var se *path.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(err)
		fmt.Println(se.Caret())
	}
	// Output:
	// speaker("Ramzan Kadyrov").said().via*(3).has(kind: "outlet")
	// parse error at column 18: expected ')' after argument, found '.'
	// speaker("Kadyrov".said()
	//                  ^
}

func ExampleRun() {
	f := newFixture(nil)
	res, err := path.Run(context.Background(), f.s, `speaker("Alice Example").said().via().airedOn()`, path.Options{MaxDepth: 12})
	if err != nil {
		panic(err)
	}
	for _, row := range res.Rows {
		fmt.Println(row.Name, row.Kind, len(row.Path))
	}
	// Output:
	// State TV outlet 4
}

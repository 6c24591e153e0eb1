package resolvers

import (
	"fmt"
	"reflect"

	"github.com/pactwatch/pactwatch/graph"
)

// gqlEnum is a graph enum: its UnmarshalGQL refuses a value it does not
// list.
type gqlEnum interface{ UnmarshalGQL(any) error }

var gqlEnumType = reflect.TypeFor[gqlEnum]()

// enumProblems checks every enum value within v (a decoded record), at any
// depth, as GraphQL input would be checked: JSON decoding takes any string.
// It returns one problem per bad value, with its field path under path.
func enumProblems(v reflect.Value, path string) []inputProblem {
	var out []inputProblem
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = append(out, enumProblems(v.Elem(), path)...)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			p := path
			if !f.Anonymous {
				p = path + "." + apiFieldName(f.Name)
			}
			out = append(out, enumProblems(v.Field(i), p)...)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			out = append(out, enumProblems(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
	case reflect.String:
		if v.String() == "" || !reflect.PointerTo(v.Type()).Implements(gqlEnumType) {
			return nil
		}
		e := reflect.New(v.Type()).Interface().(gqlEnum)
		if err := e.UnmarshalGQL(v.String()); err != nil {
			out = append(out, inputProblem{path: path, message: graph.ErrorMessage(err)})
		}
	}
	return out
}

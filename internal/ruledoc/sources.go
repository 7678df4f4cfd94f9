package ruledoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Scan reads the Go source below root (tests, testdata, fixtures and
// hidden folders left out) and returns the file that defines each rule,
// by ID, as a slash-separated path relative to root: the file with the
// lint.Rule literal whose ID field is that ID. It also returns a problem
// for each entry of a rule list (a []*lint.Check[T] literal) that does not
// show its rule's ID in a comment on its line, and for an ID defined twice.
func Scan(root string) (sources map[string]string, problems []string, err error) {
	fset := token.NewFileSet()
	type entry struct {
		name, comment, at string
	}
	ids := map[string]string{} // variable name -> ID, per package
	var entries []entry
	sources = map[string]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "fixtures") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		pkg := filepath.ToSlash(filepath.Dir(rel))
		comments := map[int]string{} // line -> text of a comment ending on it
		for _, g := range f.Comments {
			for _, c := range g.List {
				comments[fset.Position(c.End()).Line] = strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, v := range n.Values {
					if id := ruleID(v); id != "" && i < len(n.Names) {
						ids[pkg+"."+n.Names[i].Name] = id
					}
				}
			case *ast.CompositeLit:
				if id := literalID(n); id != "" {
					if other, dup := sources[id]; dup && other != rel {
						problems = append(problems, fmt.Sprintf("rule %s is defined in %s and in %s", id, other, rel))
					}
					sources[id] = rel
				}
				if isCheckList(n) {
					for _, el := range n.Elts {
						if ident, ok := el.(*ast.Ident); ok {
							line := fset.Position(el.End()).Line
							entries = append(entries, entry{pkg + "." + ident.Name, comments[line], fmt.Sprintf("%s:%d", rel, line)})
						}
					}
				}
			}
			return true
		})
		return nil
	})
	for _, e := range entries {
		id, ok := ids[e.name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: the rule list entry %s names no rule the scan found", e.at, e.name))
		case e.comment != id:
			problems = append(problems, fmt.Sprintf("%s: the rule list entry %s should show its ID in a comment: // %s", e.at, e.name, id))
		}
	}
	slices.Sort(problems)
	return sources, problems, err
}

// ruleID returns the ID of a rule declared as &lint.Check[T]{Rule:
// lint.Rule{ID: ...}} or &lint.Rule{ID: ...}.
func ruleID(v ast.Expr) string {
	u, ok := v.(*ast.UnaryExpr)
	if !ok {
		return ""
	}
	lit, ok := u.X.(*ast.CompositeLit)
	if !ok {
		return ""
	}
	if id := literalID(lit); id != "" {
		return id
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Rule") {
			if inner, ok := kv.Value.(*ast.CompositeLit); ok {
				return literalID(inner)
			}
		}
	}
	return ""
}

// literalID returns the ID of a lint.Rule composite literal.
func literalID(lit *ast.CompositeLit) string {
	sel, ok := lit.Type.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Rule" || !isIdent(sel.X, "lint") {
		if !isIdent(lit.Type, "Rule") {
			return ""
		}
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "ID") {
			if b, ok := kv.Value.(*ast.BasicLit); ok && b.Kind == token.STRING {
				id, _ := strconv.Unquote(b.Value)
				return id
			}
		}
	}
	return ""
}

// isCheckList reports a []*lint.Check[T] literal.
func isCheckList(lit *ast.CompositeLit) bool {
	arr, ok := lit.Type.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return false
	}
	star, ok := arr.Elt.(*ast.StarExpr)
	if !ok {
		return false
	}
	idx, ok := star.X.(*ast.IndexExpr)
	if !ok {
		return false
	}
	sel, ok := idx.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Check" && isIdent(sel.X, "lint")
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

package nps

// Work returns the number of subset tests the shadow search of e made, for
// the test that bounds it.
func Work(e *Export) int { return e.work }

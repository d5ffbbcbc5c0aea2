"""Courses: the mentor workspace, browsing and enrolment, and learners' progress."""

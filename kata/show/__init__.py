"""What people read: the terminal, plain-text feedback, the timeline's pictures, result files (formats/)
and the student's language."""

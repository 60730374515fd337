print("guidance")

namespace ImageFunctions.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_Loads() => Assert.Equal("ImageFunctions", typeof(Program).Assembly.GetName().Name);
}
